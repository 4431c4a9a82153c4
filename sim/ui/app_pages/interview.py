"""Mock interview: a timed session from a format (or one question), follow-ups, feedback, report.

The answer is written in the shared answer box (sim/ui/answer_box.py): saved as it reaches the
server, so a refresh, a closed tab or a restart resumes the session with its text and time, and
submitted as it stands (the newest text the server has) when the clock reaches zero."""

from datetime import datetime

import streamlit as st

from sim import interview_room, service, session_reports, sessions
from sim.domain.statuses import FollowUpStatus
from sim.providers.choices import GraderChoice
from sim.ui import clock
from sim.ui import state_keys as keys
from sim.ui.answer_box import AnswerSlot, answer_box
from sim.ui.confirm import confirmed
from sim.ui.feedback_view import render_grade, render_highlighted_answer
from sim.ui.grader_choice import grader_select, resolved_or_offline
from sim.ui.grading import grade_saved, offline_note
from sim.ui.interview_room_view import render_room
from sim.ui.question_labels import question_label
from sim.ui.report_view import render_report
from sim.ui.scroll import feedback_anchor, request_feedback_scroll
from sim.ui.shell import bank, engine, storage_note
from sim.ui.text import escape_markdown, format_seconds


def _start_form() -> None:
    st.caption("Pick a format from the study plans, or one question. The clock starts at once.")
    formats = {f.id: f for f in sessions.formats()}
    mode = st.radio(
        "Practise",
        ["format", "question"],
        horizontal=True,
        key="start_mode",
        format_func=lambda m: "An interview format" if m == "format" else "One question",
    )
    if mode == "format":
        fmt_id = st.selectbox(
            "Format",
            list(formats),
            key="start_format",
            format_func=lambda i: f"{formats[i].title} — {formats[i].minutes} min",
        )
        st.caption(escape_markdown(formats[fmt_id].description))
        avoid = st.checkbox(
            f"Skip questions I answered in the last {sessions.RECENT_DAYS} days",
            value=True,
            key="start_avoid",
        )
        if st.button("Start the interview", type="primary", key="start_session"):
            sessions.start_session(
                engine(),
                format_id=fmt_id,
                avoid_recent_days=sessions.RECENT_DAYS if avoid else 0,
            )
            st.rerun()
    else:
        by_id = bank().by_id()
        qid = st.selectbox(
            "Question",
            list(by_id),
            key="start_question",
            format_func=lambda i: question_label(by_id[i]),
            help="Type any words of the topic or the question to find it.",
        )
        if st.button("Start", type="primary", key="start_single"):
            sessions.start_session(engine(), question_id=qid)
            st.rerun()


def _answering(state: sessions.SessionState, grader_name: GraderChoice) -> None:
    attempt = state.attempt
    if interview_room.has_room(state.question):
        render_room(attempt, grader_name)

    def _time_up(text: str, now: datetime) -> None:
        sessions.submit(engine(), attempt, text, now, grader_name)
        st.session_state[keys.TIMED_OUT] = attempt.id

    answer = answer_box(
        AnswerSlot(
            key=keys.interview_slot(attempt.id),
            question=state.question,
            draft=attempt,
            started_at=attempt.started_at,
            on_time_up=_time_up,
        )
    )
    submit_col, redraw_col = st.columns(2)
    if submit_col.button("Submit answer", type="primary", key="submit_answer"):
        if not answer.text.strip():
            st.warning("Write an answer first, or let the clock run out to move on.")
        else:
            now = clock.now_utc()
            if sessions.submit(
                engine(), attempt, answer.text, now, grader_name, answer.diagram
            ) == ("feedback"):
                request_feedback_scroll(attempt.id)
            st.rerun()
    # A drawn question can be swapped while nothing is written (the clock restarts with it).
    if (
        sessions.can_redraw(state)
        and not answer.text.strip()
        and redraw_col.button(
            "Draw another", key="redraw_question", help="Another question of the same kind."
        )
    ):
        skipped = st.session_state.setdefault(keys.SKIPPED_QUESTIONS, set())
        skipped.add(state.question.id)
        if sessions.redraw(engine(), state, skipped):
            # The dropped draft's id may be reused by the database: its box starts afresh.
            slot = keys.interview_slot(attempt.id)
            for key in (keys.answer_text(slot), keys.answer_tracker(slot), keys.answer_guard(slot)):
                st.session_state.pop(key, None)
            st.rerun()
        st.info("No other question of this kind is left to draw.")


def _time_up_note(attempt_id: int) -> None:
    if st.session_state.get(keys.TIMED_OUT) == attempt_id:
        st.info("Time was up: your answer was submitted as it stood.", icon="⏱️")


def _did_not_answer(state: sessions.SessionState) -> None:
    """The interviewer reacts when the last reply was about something else."""
    replied = [f for f in state.follow_ups if f.status != FollowUpStatus.ASKED]
    if replied and replied[-1].status == FollowUpStatus.OFF_TOPIC:
        st.info("Interviewer: that didn't answer what I asked, so I'll leave it there.", icon="🗣️")


def _follow_up(state: sessions.SessionState, grader_name: GraderChoice) -> None:
    _did_not_answer(state)
    probe = state.pending_follow_up
    _time_up_note(state.attempt.id)
    st.markdown("**Your answer**")
    st.code(state.attempt.answer, language=None, wrap_lines=True)
    st.markdown(f"**Interviewer** ({escape_markdown(probe.dimension)}):")
    st.markdown(f"> {escape_markdown(probe.question)}")
    reply = st.text_area("Your reply", key=f"probe::{probe.id}", height=160)
    left, right = st.columns(2)
    if left.button("Reply", type="primary", key="reply_follow_up"):
        if reply.strip():
            _after_follow_up(state, sessions.answer_follow_up(engine(), state, reply, grader_name))
        st.warning("Type a reply, or skip the question.")
    if right.button("Skip this question", key="decline_follow_up"):
        _after_follow_up(state, sessions.answer_follow_up(engine(), state, None, grader_name))


def _after_follow_up(state: sessions.SessionState, phase: sessions.Phase) -> None:
    if phase == "feedback":  # the exchange is graded: its feedback is brought into view
        request_feedback_scroll(state.attempt.id)
    st.rerun()


def _feedback(state: sessions.SessionState) -> None:
    _did_not_answer(state)
    attempt = service.get_attempt(engine(), state.attempt.id)
    feedback_anchor(attempt.id)
    _time_up_note(attempt.id)
    limit = attempt.time_limit_s
    elapsed = attempt.elapsed_s or 0
    timing = f"Answered in {format_seconds(elapsed)} of {format_seconds(limit)}"
    if elapsed > limit:
        timing += f" (over by {format_seconds(elapsed - limit)})"
    if attempt.time_to_requirements_s is not None:
        timing += f" · requirements after {format_seconds(attempt.time_to_requirements_s)}"
    st.caption(timing)
    for probe in state.follow_ups:
        reply = {
            FollowUpStatus.ANSWERED: probe.answer,
            FollowUpStatus.OFF_TOPIC: f"{probe.answer} (did not answer the question: not graded)",
        }.get(probe.status, "(declined)")
        st.markdown(f"**Follow-up:** {escape_markdown(probe.question)}  \n{escape_markdown(reply)}")
    if attempt.latest_grade:
        render_grade(attempt.latest_grade)
        render_highlighted_answer(attempt.answer, attempt.latest_grade.feedback)
    else:
        st.warning("The answer is saved but grading failed.")
        if st.button("Grade offline", key="session_grade_offline"):
            grade_saved(attempt.id, "offline") and st.rerun()
    if state.question.model_answer_outline:
        with st.expander("Model answer outline"):
            for line in state.question.model_answer_outline:
                st.markdown(f"- {escape_markdown(line)}")
    last = state.position + 1 >= len(state.session.question_ids)
    if st.button(
        "Finish and see the report" if last else "Next question",
        type="primary",
        key="next_question",
    ):
        sessions.next_question(engine(), state)
        if last:
            st.session_state[keys.REPORT_SESSION] = state.session.id
        st.rerun()


def _report(session_id: int) -> None:
    st.subheader("Session report")
    render_report(session_reports.report(engine(), session_id), session_id, key="report")
    if st.button("Start another interview", key="new_session"):
        st.session_state.pop(keys.REPORT_SESSION, None)
        st.rerun()


st.title("Mock interview")
grader_name = grader_select("session_grader")
offline_note(grader_name)
grader = resolved_or_offline(grader_name)  # with this session's keys

if report_id := st.session_state.get(keys.REPORT_SESSION):
    _report(report_id)
    st.stop()

active = sessions.resume(engine())
if active is None:
    _start_form()
    storage_note()
    st.stop()

state = sessions.state(engine(), active.id)
st.subheader(
    f"{escape_markdown(state.session.title)} — "
    f"question {state.position + 1} of {len(state.session.question_ids)}"
)
if state.phase == "answering" and state.attempt.answer and keys.RESUMED not in st.session_state:
    st.info("Resumed your unfinished session with its saved text and remaining time.")
st.session_state[keys.RESUMED] = True
st.markdown(f"#### {escape_markdown(state.question.prompt)}")
st.caption(
    f"{state.question.kind.value.replace('_', ' ')} · {state.question.difficulty.value} · "
    f"{state.question.time_limit_min} min"
)

if state.phase == "answering":
    _answering(state, grader)
elif state.phase == "follow_up":
    _follow_up(state, grader)
else:
    _feedback(state)

if confirmed(
    keys.abandon(state.session.id),
    "Abandon this session",
    "Abandon this session? It ends here and cannot be resumed; answers already submitted stay "
    "in History.",
    "Yes, abandon it",
):
    sessions.abandon(engine(), state.session.id)
    st.rerun()
storage_note()
