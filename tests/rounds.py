"""Builders for report tests: feedback with chosen levels and evidence, and a finished round
played through the real session service on the test database."""

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from sim import sessions
from sim.domain.feedback import DimensionFeedback, Feedback
from sim.domain.types import DIMENSIONS, Dimension

QUOTE = "We shard by user id."


def feedback(
    levels: dict[Dimension, int | None],
    *,
    unquoted: tuple[Dimension, ...] = (),
    hints: dict[Dimension, str] | None = None,
    missed: tuple[str, ...] = (),
) -> Feedback:
    """A graded answer: each dimension at its level, quoted unless listed in `unquoted`."""
    dims = [
        DimensionFeedback(
            dimension=dim,
            title=dim.value.capitalize(),
            level=levels.get(dim),
            level_label="-",
            anchor="",
            reason="because",
            evidence=[] if dim in unquoted or levels.get(dim) is None else [QUOTE],
            next_level=f"Reach the next {dim.value} level.",
            hint=(hints or {}).get(dim, ""),
        )
        for dim in DIMENSIONS
    ]
    judged = [lv for lv in levels.values() if lv is not None]
    return Feedback(
        dimensions=dims,
        overall=sum(judged) / len(judged) if judged else None,
        signal="-",
        derivation="",
        key_points_covered=[],
        key_points_missed=list(missed),
        checklist={},
        improvements=[],
        problems=[],
    )


def finish_single_round(engine: Engine, question_id: str, answer: str) -> int:
    """Answer one question, decline its follow-ups, finish: the session id."""
    session_id = sessions.start_session(engine, question_id=question_id)
    state = sessions.state(engine, session_id)
    sessions.submit(engine, state.attempt, answer, datetime.now(UTC), "offline")
    state = sessions.state(engine, session_id)
    while state.phase == "follow_up":
        sessions.answer_follow_up(engine, state, None, "offline")
        state = sessions.state(engine, session_id)
    sessions.next_question(engine, state)
    return session_id
