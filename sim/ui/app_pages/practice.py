"""Practice: pick a question, answer against the clock, get rubric feedback."""

import streamlit as st

from sim import llm_accounting, service
from sim.domain.questions import Question
from sim.domain.types import KIND_LABELS, TRACK_LABELS, Kind, Track
from sim.drafts import new_submission_key
from sim.ui import clock, practice_rounds
from sim.ui import state_keys as keys
from sim.ui.answer_box import answer_box
from sim.ui.feedback_view import render_grade, render_highlighted_answer
from sim.ui.first_visit import render_first_visit, render_redraw
from sim.ui.grader_choice import grader_select, probe_grader
from sim.ui.grader_compare_view import render_grader_compare
from sim.ui.grading import grade_saved, grader_label, offline_note, submit_and_grade
from sim.ui.question_labels import question_label
from sim.ui.scroll import feedback_anchor, request_feedback_scroll
from sim.ui.shell import bank, engine, storage_note, stored
from sim.ui.text import escape_markdown

st.title("Practice")
render_first_visit()
if waiting := stored(lambda: service.pending(engine()), []):
    # Answers whose grading failed or was cut short by a restart: offer them on arrival.
    st.warning(f"{len(waiting)} saved answer(s) are waiting for a grade.", icon="⏳")
    if st.button("Grade them in History", key="open_pending"):
        st.switch_page("sim/ui/app_pages/history.py")

questions = list(bank().questions)
filter_kind, filter_track, filter_grader = st.columns(3)
kind_choice = filter_kind.selectbox(
    "Kind",
    ["all", *[k.value for k in Kind]],
    format_func=lambda v: "All kinds" if v == "all" else KIND_LABELS[Kind(v)],
)
track_choice = filter_track.selectbox(
    "Track",
    ["all", *[t.value for t in Track]],
    format_func=lambda v: "All tracks" if v == "all" else TRACK_LABELS[Track(v)],
)
grader_name = grader_select("grader_choice", filter_grader)
shown = [
    q
    for q in questions
    if (kind_choice == "all" or q.kind.value == kind_choice)
    and (track_choice == "all" or track_choice in {t.value for t in q.tracks})
]
offline_note(grader_name)
if not shown:
    st.info("No question matches these filters.")
    st.stop()

# Arriving from another page with a chosen question, or on a fresh visit with a draft waiting:
# select that question once.
wanted = st.session_state.pop(keys.PRACTICE_QUESTION_ID, None)
if not wanted and keys.QUESTION_CHOICE not in st.session_state:
    wanted = practice_rounds.resumable_question_id()
if wanted:
    match = next((q for q in questions if q.id == wanted), None)
    if match is not None:
        if match not in shown:
            shown.insert(0, match)
        st.session_state[keys.QUESTION_CHOICE] = match
question: Question = st.selectbox(
    "Question", shown, format_func=question_label, key=keys.QUESTION_CHOICE
)

st.markdown(f"#### {escape_markdown(question.prompt)}")
st.caption(
    f"{KIND_LABELS[question.kind]} · {question.difficulty.value} · "
    f"time limit {question.time_limit_min} min · " + escape_markdown(question.source.label)
)

answer = answer_box(practice_rounds.slot(question))
submit_col, redraw_col = st.columns(2)
with redraw_col:
    render_redraw(question, answer.text)
if submit_col.button("Submit for feedback", type="primary", key="submit"):
    if not answer.text.strip():
        st.warning("Write an answer first: there is nothing to grade yet.")
    else:
        draft = answer.attempt
        started = draft.started_at if draft else practice_rounds.current(question).shown_at
        attempt_id = submit_and_grade(
            question,
            answer.text,
            int((clock.now_utc() - started).total_seconds()),
            draft.submission_key if draft and draft.submission_key else new_submission_key(),
            grader_name,
            diagram=answer.diagram,
        )
        if attempt_id is not None:
            st.session_state[keys.LAST_ATTEMPT_ID] = attempt_id
            request_feedback_scroll(attempt_id)
            st.session_state.setdefault(keys.SESSION_ATTEMPTS, set()).add(attempt_id)
            practice_rounds.next_round(question)  # a fresh box and clock for another try
            if service.get_attempt(engine(), attempt_id).latest_grade is not None:
                st.rerun()

last_id = st.session_state.get(keys.LAST_ATTEMPT_ID)
attempt = stored(lambda: service.get_attempt(engine(), last_id), None) if last_id else None
if attempt is not None and attempt.question_id == question.id:
    st.divider()
    feedback_anchor(attempt.id)
    if attempt.latest_grade is None:
        st.warning("This answer is saved but not graded yet.")
        retry_col, offline_col = st.columns(2)
        if retry_col.button("Retry grading", key="retry_grade"):
            grade_saved(attempt.id, grader_name) and st.rerun()
        if offline_col.button("Grade offline instead", key="grade_offline"):
            grade_saved(attempt.id, "offline") and st.rerun()
    else:
        grade = attempt.latest_grade
        render_grade(grade)
        render_highlighted_answer(attempt.answer, grade.feedback)
        session_cost = llm_accounting.cost_of(
            engine(), st.session_state.get(keys.SESSION_ATTEMPTS, set())
        )
        if session_cost:
            st.caption(f"LLM cost this session: ${session_cost:.4f}")
        other = "offline" if grade.grader == "llm" else "llm"
        if other in service.grader_choices() and st.button(
            f"Also grade with {grader_label(other)}", key="grade_other"
        ):
            grade_saved(attempt.id, other) and st.rerun()
        render_grader_compare(attempt.id)
        # Asked once per grade: a rerun must not pay for another LLM call.
        probes = st.session_state.setdefault(keys.FOLLOW_UPS, {})
        if grade.id not in probes:
            probes[grade.id] = service.next_follow_up(
                question,
                attempt.answer,
                grade.verdict,
                grader_name=probe_grader(grade.grader, grader_name),
            )
        probe = probes[grade.id]
        if probe is not None:
            st.markdown(f"**The interviewer would ask next** ({probe.dimension.value}):")
            st.markdown(f"> {escape_markdown(probe.question)}")
        if question.model_answer_outline:
            with st.expander("Model answer outline (revealed after your attempt)"):
                for line in question.model_answer_outline:
                    st.markdown(f"- {escape_markdown(line)}")

storage_note()
