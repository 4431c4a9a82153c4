"""Mentees: the candidates who shared their answers with this user, read-only, with a comment
box under each answer (the candidate sees the comments in History)."""

import streamlit as st

from sim import mentoring, review, service
from sim.domain.history import HistoryFilters
from sim.ui import state_keys as keys
from sim.ui.comments_view import render_comments
from sim.ui.current_user import current_user_id
from sim.ui.shell import base_engine
from sim.ui.text import escape_markdown

ANSWERS_SHOWN = 100

st.title("Mentees")
me = current_user_id()
people = mentoring.mentees(base_engine(), me)
if not people:
    st.info("Nobody has shared their answers with you. A candidate adds your email on Settings.")
    st.stop()
names = {p.id: p.display_name or p.email or f"#{p.id}" for p in people}
candidate = st.selectbox(
    "Candidate", list(names), format_func=lambda i: names[i], key=keys.MENTEE_CHOICE
)
reading = mentoring.mentee_engine(base_engine(), me, candidate)  # read-only, checks the grant

st.subheader("Sessions")
summaries = review.sessions(reading)
if summaries:
    st.dataframe(
        [
            {
                "session": f"#{s.id} {s.title}",
                "status": s.status,
                "started": f"{s.started_at:%Y-%m-%d %H:%M}",
                "answers": s.answers,
                "graded": s.graded,
                "mean": s.mean_overall,
            }
            for s in summaries
        ],
        hide_index=True,
    )
else:
    st.caption("No interview sessions yet.")

st.subheader("Answers")
rows = review.history_page(reading, HistoryFilters(), page=1, page_size=ANSWERS_SHOWN).rows
if not rows:
    st.caption("No answers yet.")
    st.stop()
labels = {
    r.attempt_id: f"#{r.attempt_id} · {r.question_id} · {r.status_label}"
    + (f" · {r.overall:.1f}" if r.overall is not None else "")
    for r in rows
}
chosen = st.selectbox(
    "Answer", list(labels), format_func=lambda i: labels[i], key=keys.MENTEE_ANSWER
)
attempt = service.get_attempt(reading, chosen)
if attempt is None:
    st.stop()
st.markdown(f"#### {escape_markdown(attempt.prompt)}")
st.code(attempt.answer, language=None, wrap_lines=True)
if attempt.grades:
    latest = attempt.grades[-1]
    overall = f"{latest.overall:.1f}" if latest.overall is not None else "no score"
    st.caption(f"Latest grade: {overall} · {escape_markdown(latest.signal)} ({latest.grader})")
    for change in latest.feedback.improvements[:5]:
        st.markdown(f"- {escape_markdown(change)}")
render_comments(mentoring.comments(base_engine(), candidate, attempt.id), "Comments")


def _add_comment(candidate_id: int, attempt_id: int) -> None:
    # A callback: it runs before the page, so the box can be emptied once the comment is saved
    # (and keeps the text when it is refused).
    try:
        mentoring.add_comment(
            base_engine(), me, candidate_id, attempt_id, st.session_state[keys.MENTEE_COMMENT]
        )
    except mentoring.MentoringError as exc:
        st.session_state[keys.MENTEE_COMMENT_ERROR] = str(exc)
    else:
        st.session_state[keys.MENTEE_COMMENT] = ""


st.text_area("Your comment", key=keys.MENTEE_COMMENT)
if problem := st.session_state.pop(keys.MENTEE_COMMENT_ERROR, None):
    st.error(escape_markdown(problem))
st.button("Add comment", key="add_comment", on_click=_add_comment, args=(candidate, attempt.id))
