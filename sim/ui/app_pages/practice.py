"""Practice: pick a question, answer against the clock, get rubric feedback."""

import streamlit as st

from sim import llm_accounting, service
from sim.domain.questions import Question
from sim.domain.types import KIND_LABELS, TRACK_LABELS, Kind, Track
from sim.ui import clock
from sim.ui.feedback_view import render_grade, render_highlighted_answer
from sim.ui.grading import grade_saved, grader_label
from sim.ui.shell import bank, engine, storage_caption
from sim.ui.text import escape_markdown, format_seconds

SPEAKING_WORDS_PER_MIN = 140  # typical interview speaking pace

st.title("Practice")
if waiting := service.pending(engine()):
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
grader_name = filter_grader.selectbox(
    "Grader", service.grader_choices(), format_func=grader_label, key="grader_choice"
)
shown = [
    q
    for q in questions
    if (kind_choice == "all" or q.kind.value == kind_choice)
    and (track_choice == "all" or track_choice in {t.value for t in q.tracks})
]
if not shown:
    st.info("No question matches these filters.")
    st.stop()

topics = bank().topics


def _label(q: Question) -> str:
    topic = topics[q.topic].title if q.topic in topics else q.topic
    return f"{topic} — {q.id} ({q.time_limit_min} min)"


# Arriving from the bank page with a chosen question: select it once.
wanted = st.session_state.pop("practice_question_id", None)
if wanted:
    match = next((q for q in questions if q.id == wanted), None)
    if match is not None:
        if match not in shown:
            shown.insert(0, match)
        st.session_state["question_choice"] = match
question: Question = st.selectbox("Question", shown, format_func=_label, key="question_choice")

st.markdown(f"#### {escape_markdown(question.prompt)}")
st.caption(
    f"{KIND_LABELS[question.kind]} · {question.difficulty.value} · "
    f"time limit {question.time_limit_min} min · from {escape_markdown(question.source.seed)}, "
    f"“{escape_markdown(question.source.section)}”"
)

started = st.session_state.setdefault("started_at", {})
if question.id not in started:
    started[question.id] = clock.now()


@st.fragment(run_every=1)
def _timer() -> None:
    start = started.get(question.id)
    if start is None:  # submitted: the clock restarts when the question is answered again
        st.markdown("⏱️ Submitted — edit the answer to try again with a fresh clock.")
        return
    elapsed = int(clock.now() - start)
    remaining = question.time_limit_s - elapsed
    if remaining >= 0:
        st.markdown(f"⏱️ **{format_seconds(remaining)}** left")
    else:
        st.markdown(f"⏱️ **Time is up** — over by {format_seconds(-remaining)}")


_timer()

answer = st.text_area(
    "Your answer",
    key=f"answer::{question.id}",
    height=320,
    placeholder=(
        "Answer as you would out loud. Lead with requirements (design) or the situation (STAR)."
    ),
)
words = len(answer.split())
st.caption(f"{words} words · about {words / SPEAKING_WORDS_PER_MIN:.1f} min spoken")

if st.button("Submit for feedback", type="primary", key="submit"):
    if not answer.strip():
        st.warning("Write an answer first: there is nothing to grade yet.")
    else:
        elapsed_s = int(clock.now() - started.get(question.id, clock.now()))
        # Saved before any grader runs: a failure below never loses the answer.
        attempt_id = service.save_answer(engine(), question, answer, elapsed_s=elapsed_s)
        st.session_state["last_attempt_id"] = attempt_id
        st.session_state.setdefault("session_attempts", set()).add(attempt_id)
        if grade_saved(attempt_id, grader_name):
            started.pop(question.id, None)

last_id = st.session_state.get("last_attempt_id")
attempt = service.get_attempt(engine(), last_id) if last_id is not None else None
if attempt is not None and attempt.question_id == question.id:
    st.divider()
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
            engine(), st.session_state.get("session_attempts", set())
        )
        if session_cost:
            st.caption(f"LLM cost this session: ${session_cost:.4f}")
        other = "offline" if grade.grader == "llm" else "llm"
        if other in service.grader_choices() and st.button(
            f"Also grade with {grader_label(other)}", key="grade_other"
        ):
            grade_saved(attempt.id, other) and st.rerun()
        # Asked once per grade: a rerun must not pay for another LLM call.
        probes = st.session_state.setdefault("follow_ups", {})
        if grade.id not in probes:
            probes[grade.id] = service.next_follow_up(
                question, attempt.answer, grade.verdict, grader_name=grade.grader
            )
        probe = probes[grade.id]
        if probe is not None:
            st.markdown(f"**The interviewer would ask next** ({probe.dimension.value}):")
            st.markdown(f"> {escape_markdown(probe.question)}")
        if question.model_answer_outline:
            with st.expander("Model answer outline (revealed after your attempt)"):
                for line in question.model_answer_outline:
                    st.markdown(f"- {escape_markdown(line)}")

st.caption(storage_caption())
