"""Practice answers as rounds: a round is one answer to one question, from the moment it is
shown to its submit; the next round starts a fresh box and a fresh clock. A round's draft is
stored from its first words, so a refresh, a closed tab or a restart finds it again."""

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from sim import drafts
from sim.domain.questions import Question
from sim.ui import clock
from sim.ui import state_keys as keys
from sim.ui.answer_box import AnswerSlot
from sim.ui.shell import engine, stored

PLACEHOLDER = (
    "Answer as you would out loud. Lead with requirements (design) or the situation (STAR)."
)


@dataclass(frozen=True)
class PracticeRound:
    number: int
    shown_at: datetime  # the clock's start until the draft is stored


def _rounds() -> dict[str, PracticeRound]:
    return st.session_state.setdefault(keys.PRACTICE_ROUNDS, {})


def current(question: Question) -> PracticeRound:
    return _rounds().setdefault(question.id, PracticeRound(0, clock.now_utc()))


def next_round(question: Question) -> None:
    """After a submit: a fresh box and clock for another attempt at the question."""
    _rounds()[question.id] = PracticeRound(current(question).number + 1, clock.now_utc())


def slot(question: Question) -> AnswerSlot:
    """The answer being written to the question, with its stored draft if there is one."""
    round_ = current(question)

    def _open(text: str, diagram: str | None, now: datetime):
        return drafts.open_practice_draft(
            engine(), question, text, round_.shown_at, now, diagram=diagram
        )

    return AnswerSlot(
        key=keys.practice_slot(question.id, round_.number),
        question=question,
        draft=stored(lambda: drafts.practice_draft(engine(), question.id), None),
        started_at=round_.shown_at,
        open_draft=_open,
        placeholder=PLACEHOLDER,
    )


def resumable_question_id() -> str | None:
    """The question of the newest Practice draft, to open when the page has none chosen."""
    draft = stored(lambda: drafts.practice_draft(engine()), None)
    return draft.question_id if draft else None
