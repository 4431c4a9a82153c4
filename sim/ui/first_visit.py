"""A first visit (nothing answered yet): what to do in two lines and a first step, a short
question drawn at random; a drawn question can be swapped for another while nothing is written."""

import random

import streamlit as st

from sim import service
from sim.domain.formats import draw_practice_question
from sim.domain.questions import Question
from sim.ui import state_keys as keys
from sim.ui.shell import bank, engine, stored

FIRST_STEP_MINUTES = 10
WHAT_TO_DO = (
    "**New here?** Pick a question, answer it as you would out loud while the clock runs, then "
    "submit it for feedback on clarity, depth, pragmatism and ownership.  \n"
    f"Not sure where to start? Take a {FIRST_STEP_MINUTES}-minute question; a full mock "
    "interview is on the Mock interview page."
)


def _draw() -> bool:
    """Open a random short question on Practice, one not drawn away before if there is one."""
    skipped = st.session_state.setdefault(keys.PRACTICE_SKIPPED, set())
    drawn = draw_practice_question(
        bank(), FIRST_STEP_MINUTES, seen=skipped, seed=random.SystemRandom().randrange(10**9)
    )
    if drawn is None:
        return False
    st.session_state[keys.PRACTICE_DRAWN] = drawn
    st.session_state[keys.PRACTICE_QUESTION_ID] = drawn
    return True


def render_first_visit() -> None:
    """Only while nothing was ever answered and no first step was taken in this session."""
    # While the database fails the page goes on without this panel (the failure shows once).
    if keys.PRACTICE_DRAWN in st.session_state or stored(
        lambda: service.has_answers(engine()), True
    ):
        return
    st.info(WHAT_TO_DO, icon="👋")
    if (
        st.button(
            f"Start a {FIRST_STEP_MINUTES}-minute practice question",
            type="primary",
            key="first_step",
        )
        and _draw()
    ):
        st.rerun()


def render_redraw(question: Question, text: str) -> None:
    """ "Draw another" for the question drawn at random, while its box is still empty."""
    if st.session_state.get(keys.PRACTICE_DRAWN) != question.id or text.strip():
        return
    if st.button("Draw another", key="practice_redraw", help="Another short question."):
        st.session_state[keys.PRACTICE_SKIPPED].add(question.id)
        if _draw():
            st.rerun()
        st.info("No other question of this length is left to draw.")
