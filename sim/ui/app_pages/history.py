"""History: every stored answer with its feedback."""

import streamlit as st

from sim.domain.types import KIND_LABELS
from sim.storage import repo
from sim.ui.feedback_view import render_feedback
from sim.ui.shell import engine, storage_caption
from sim.ui.text import escape_markdown

st.title("History")

attempts = repo.list_attempts(engine(), limit=200)
if not attempts:
    st.info("No answers yet. Answer a question on the Practice page and it will appear here.")
    st.caption(storage_caption())
    st.stop()

rows = [
    {
        "id": a.id,
        "when": a.submitted_at.strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
        "question": a.question_id,
        "kind": KIND_LABELS.get(a.kind, a.kind),
        "status": a.status,
        "overall": a.latest_grade.overall if a.latest_grade else None,
        "signal": a.latest_grade.signal if a.latest_grade else "",
    }
    for a in attempts
]
st.dataframe(rows, hide_index=True, width="stretch")

by_id = {a.id: a for a in attempts}
chosen = st.selectbox(
    "Open an answer",
    list(by_id),
    format_func=lambda i: f"#{i} · {by_id[i].question_id} · {rows[list(by_id).index(i)]['when']}",
    key="history_choice",
)
attempt = by_id[chosen]
st.markdown(f"#### {escape_markdown(attempt.prompt)}")
st.markdown("**Your answer**")
st.code(attempt.answer, language=None, wrap_lines=True)
if attempt.latest_grade:
    grade = attempt.latest_grade
    render_feedback(grade.feedback, grade.grader, grade.model)
elif attempt.status == "failed":
    st.warning(f"Grading failed: {attempt.last_error}. The answer is saved.")
st.caption(storage_caption())
