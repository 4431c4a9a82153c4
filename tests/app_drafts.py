"""Helpers for the draft tests (AppTest and browser): the answer box, the clock it shows, and a
stored draft's start moved back in time (what a refresh after minutes of typing finds)."""

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from sim.storage.models import Attempt
from sim.ui.state_keys import answer_guard, interview_slot

ROOT = Path(__file__).resolve().parent.parent
ANSWER_LABEL = "Your answer"
_CLOCK = re.compile(r"\*\*(\d+):(\d\d)\*\* left")


def app() -> AppTest:
    """The app as a new browser tab would open it (AppTest), never reading real secrets."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    return at


def answer_box(at: AppTest):
    return next(t for t in at.text_area if t.label == ANSWER_LABEL)


def remaining_shown(at: AppTest) -> int:
    """Seconds left on the clock the page shows."""
    for m in at.markdown:
        if found := _CLOCK.search(m.value):
            return int(found[1]) * 60 + int(found[2])
    raise AssertionError("no clock on the page")


def age_attempt(engine: Engine, attempt_id: int, seconds: float) -> None:
    """Move an attempt's start back by `seconds`, as if it had been opened that long ago."""
    with Session(engine) as session:
        row = session.get(Attempt, attempt_id)
        started = row.started_at
    with engine.begin() as conn:
        conn.execute(
            update(Attempt)
            .where(Attempt.id == attempt_id)
            .values(started_at=started - timedelta(seconds=seconds))
        )


def report_typing(at: AppTest, attempt_id: int, text: str) -> None:
    """What the keystroke guard reports after a pause in typing (the browser's component)."""
    at.session_state[answer_guard(interview_slot(attempt_id))] = {"draft": text}
