"""History: stored answers with feedback, pending answers to grade, re-grades side by side."""

import streamlit as st

from sim import service
from sim.domain.types import KIND_LABELS
from sim.ui.feedback_view import render_grade
from sim.ui.grading import grade_saved, grader_label
from sim.ui.shell import engine, storage_caption
from sim.ui.text import escape_markdown

st.title("History")

waiting = service.pending(engine())
if waiting:
    st.warning(
        f"{len(waiting)} saved answer(s) are waiting for a grade (a grader failed or the "
        "app stopped while grading)."
    )
    for attempt in waiting[:10]:
        left, right = st.columns([4, 1])
        error = f" — {attempt.last_error}" if attempt.last_error else ""
        left.caption(escape_markdown(f"#{attempt.id} · {attempt.question_id}{error}"))
        if right.button("Grade now", key=f"pending::{attempt.id}"):
            grade_saved(attempt.id, service.grader_choices()[0]) and st.rerun()

attempts = service.history(engine(), limit=200)
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
        "grader": a.latest_grade.grader if a.latest_grade else "",
    }
    for a in attempts
]
st.dataframe(rows, hide_index=True, width="stretch")

by_id = {a.id: a for a in attempts}
when = {row["id"]: row["when"] for row in rows}
chosen = st.selectbox(
    "Open an answer",
    list(by_id),
    format_func=lambda i: f"#{i} · {by_id[i].question_id} · {when[i]}",
    key="history_choice",
)
attempt = by_id[chosen]
st.markdown(f"#### {escape_markdown(attempt.prompt)}")
st.markdown("**Your answer**")
st.code(attempt.answer, language=None, wrap_lines=True)

regrade_cols = st.columns(len(service.grader_choices()))
for column, name in zip(regrade_cols, service.grader_choices(), strict=True):
    if column.button(f"Re-grade with {grader_label(name)}", key=f"regrade::{name}"):
        grade_saved(attempt.id, name) and st.rerun()

if len(attempt.grades) >= 2:
    st.subheader("Grades side by side")
    st.caption(
        "The two most recent grades of this answer — after a rubric or prompt change, "
        "or with a different grader."
    )
    old, new = attempt.grades[-2], attempt.grades[-1]
    left, right = st.columns(2)
    for column, grade in ((left, old), (right, new)):
        with column:
            st.markdown(f"**{escape_markdown(grade.grader)}** · {grade.created_at:%Y-%m-%d %H:%M}")
            render_grade(grade)
elif attempt.latest_grade:
    render_grade(attempt.latest_grade)
elif attempt.status == "failed":
    st.warning(f"Grading failed: {escape_markdown(attempt.last_error or '')}. The answer is saved.")
st.caption(storage_caption())
