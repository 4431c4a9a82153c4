"""The interview room's events, one row each, in the order they happened."""

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from sim.domain.records import RoomEventRecord
from sim.domain.types import RoomEventKind
from sim.domain.user_text import clean_text
from sim.storage.models import InterviewEvent
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
