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
ID_CHUNK = 500  # ids per IN list: well under every driver's bound-parameter limit


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
    phase entries in order.

    The phase events are read first and their answers looked up by id: few answers are given
    in the room, and a join driven from the answers read every answer's row (the wide table,
    its text included) to find the handful that have events."""
    with Session(engine) as session:
        events = session.exec(
            select(InterviewEvent.attempt_id, InterviewEvent.text, InterviewEvent.at_s)
            .where(InterviewEvent.kind == RoomEventKind.PHASE)
            .order_by(col(InterviewEvent.id))
        ).all()
        entries: dict[int, list[tuple[str, float]]] = {}
        for attempt_id, phase, at_s in events:
            entries.setdefault(attempt_id, []).append((phase, at_s))
        ids = list(entries)
        answers = []
        for start in range(0, len(ids), ID_CHUNK):
            answers += session.exec(
                select(Attempt.id, Attempt.submitted_at, Attempt.elapsed_s)
                .where(col(Attempt.id).in_(ids[start : start + ID_CHUNK]))
                .where(col(Attempt.submitted_at).is_not(None))
                .where(col(Attempt.elapsed_s).is_not(None))
            ).all()
    answers.sort(key=lambda a: (aware(a[1]), a[0]))
    return [
        {
            "attempt_id": attempt_id,
            "submitted_at": aware(submitted_at),
            "elapsed_s": elapsed_s,
            "entries": entries[attempt_id],
        }
        for attempt_id, submitted_at, elapsed_s in answers[-limit:]
    ]
