"""The interview room beside the answer of a system-design question: the phase and its clock
(move on early; a nudge when a phase overruns), the requirement change when the round reaches
it, and the conversation with the interviewer. Everything said is stored as it happens."""

from datetime import UTC, datetime

import streamlit as st

from sim import interview_room
from sim.domain.records import AttemptRecord
from sim.domain.types import Phase
from sim.providers.choices import GraderChoice
from sim.ui import clock
from sim.ui import state_keys as keys
from sim.ui.shell import engine
from sim.ui.text import escape_markdown, format_seconds

ASK_LABEL = "Ask the interviewer"


def _now() -> datetime:
    return datetime.fromtimestamp(clock.now(), UTC)


def render_room(attempt: AttemptRecord, grader_name: str | GraderChoice | None = None) -> None:
    _phases(attempt)
    _conversation(attempt, grader_name)


def _phases(attempt: AttemptRecord) -> None:
    @st.fragment(run_every=1)
    def _tick() -> None:
        room = interview_room.room_state(engine(), attempt, _now())
        status = room.status
        plan_index = [p.phase for p in interview_room.plan(attempt)].index(status.current.phase)
        st.markdown(
            f"**Phase {plan_index + 1} of 4: {escape_markdown(status.current.title)}** · "
            f"{format_seconds(int(status.in_phase_s))} in this phase of "
            f"{format_seconds(status.current.length_s)}"
        )
        st.caption(escape_markdown(status.current.focus))
        if status.overrun and status.next_phase is not None:
            st.warning(
                f"This phase has run {format_seconds(int(status.over_by_s))} past its time box: "
                f"move on to {status.next_phase.title.lower()}.",
                icon="⏭️",
            )
        if status.next_phase is not None:
            # A callback: the move is stored before the fragment redraws the phase, and no
            # st.rerun() of the whole page runs while the answer box's clock ticks.
            st.button(
                f"Move on to {status.next_phase.title.lower()}",
                key=f"room_next::{attempt.id}::{status.next_phase.phase.value}",
                on_click=_enter_phase,
                args=(attempt, status.next_phase.phase),
            )
        if room.change is not None:
            st.info(f"Requirement change: {escape_markdown(room.change.text)}", icon="📣")

    _tick()


def _conversation(attempt: AttemptRecord, grader_name: str | GraderChoice | None) -> None:
    room = interview_room.room_state(engine(), attempt, _now())
    with st.container(border=True):
        st.markdown(f"**{ASK_LABEL}**")
        if not room.exchanges:
            st.caption(
                "Ask about scale, constraints and what is out of scope; the interviewer answers "
                "only what you ask, and asks what you would assume when there is no answer."
            )
        for exchange in room.exchanges:
            st.markdown(f"**You:** {escape_markdown(exchange.text)}")
            st.markdown(f"**Interviewer:** {escape_markdown(exchange.reply)}")
        with st.form(key=f"room_form::{attempt.id}", clear_on_submit=True, border=False):
            st.text_input(ASK_LABEL, key=keys.room_question(attempt.id))
            # Stored in the callback, before the run that draws the conversation: one run per
            # question, never a st.rerun() in the middle of the page while its clocks tick.
            st.form_submit_button("Ask", on_click=_ask, args=(attempt, grader_name))


def _enter_phase(attempt: AttemptRecord, phase: Phase) -> None:
    interview_room.enter_phase(engine(), attempt, phase, _now())


def _ask(attempt: AttemptRecord, grader_name: str | GraderChoice | None) -> None:
    question = st.session_state.get(keys.room_question(attempt.id), "")
    if question.strip():
        interview_room.ask(engine(), attempt, question, _now(), grader_name)
