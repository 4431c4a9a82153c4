"""The interview room's events, one row each, in the order they happened."""

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from sim.domain.records import RoomEventRecord
from sim.domain.types import RoomEventKind
from sim.domain.user_text import clean_text
from sim.storage.models import Attempt, InterviewEvent
from sim.storage.rows import insert
from sim.storage.timestamps import aware

MAX_EVENT_CHARS = 4000  # a clarifying question is a sentence or two, never an essay


def add_event(
    engine: Engine,
    attempt_id: int,
    kind: RoomEventKind,
    at_s: float,
    text: str,
    reply: str = "",
    source: str = "",
    facts: list[str] | None = None,
) -> RoomEventRecord:
    row = insert(
        engine,
        InterviewEvent(
            attempt_id=attempt_id,
            kind=kind,
            at_s=round(at_s, 1),
            text=clean_text(text[:MAX_EVENT_CHARS]),
            reply=clean_text(reply[:MAX_EVENT_CHARS]),
            source=source,
            facts_json=json.dumps(facts or []),
        ),
    )
    return _record(row)


def events(engine: Engine, attempt_id: int) -> list[RoomEventRecord]:
    with Session(engine) as session:
        rows = session.exec(
            select(InterviewEvent)
            .where(InterviewEvent.attempt_id == attempt_id)
            .order_by(col(InterviewEvent.id))
        ).all()
    return [_record(r) for r in rows]


def _record(row: InterviewEvent) -> RoomEventRecord:
    return RoomEventRecord(
        id=row.id,
        attempt_id=row.attempt_id,
        kind=RoomEventKind(row.kind),
        at_s=row.at_s,
        text=row.text,
        reply=row.reply,
        source=row.source,
        facts=json.loads(row.facts_json or "[]"),
        created_at=aware(row.created_at),
    )


def phase_entries_of_submitted(engine: Engine, limit: int = 2000) -> list[dict]:
    """Per submitted answer given in the room (oldest first): its id, when, how long, and its
    phase entries in order."""
    with Session(engine) as session:
        rows = session.exec(
            select(
                Attempt.id,
                Attempt.submitted_at,
                Attempt.elapsed_s,
                InterviewEvent.text,
                InterviewEvent.at_s,
            )
            .join(InterviewEvent, col(InterviewEvent.attempt_id) == col(Attempt.id))
            .where(InterviewEvent.kind == RoomEventKind.PHASE)
            .where(col(Attempt.submitted_at).is_not(None))
            .where(col(Attempt.elapsed_s).is_not(None))
            .order_by(col(Attempt.submitted_at), col(InterviewEvent.id))
        ).all()
    by_attempt: dict[int, dict] = {}
    for attempt_id, submitted_at, elapsed_s, phase, at_s in rows:
        entry = by_attempt.setdefault(
            attempt_id,
            {
                "attempt_id": attempt_id,
                "submitted_at": aware(submitted_at),
                "elapsed_s": elapsed_s,
                "entries": [],
            },
        )
        entry["entries"].append((phase, at_s))
    return list(by_attempt.values())[-limit:]
