"""Reads and writes of a user's own questions (scoped to the engine's user like every owned
table)."""

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from sim.storage.question_models import UserQuestion
from sim.storage.rows import insert


def add(engine: Engine, question_id: str, record: dict, topic: dict | None) -> None:
    row = UserQuestion(
        question_id=question_id,
        record_json=json.dumps(record),
        topic_json=json.dumps(topic) if topic else "",
    )
    insert(engine, row)


def records(engine: Engine) -> list[tuple[dict, dict | None]]:
    """(question record, new topic or None) in the order they were added."""
    with Session(engine) as session:
        rows = session.exec(select(UserQuestion).order_by(col(UserQuestion.id))).all()
        return [
            (json.loads(r.record_json), json.loads(r.topic_json) if r.topic_json else None)
            for r in rows
        ]


def version(engine: Engine) -> tuple[int, int]:
    """(count, newest id): changes whenever a question is added or removed."""
    with Session(engine) as session:
        count, newest = session.exec(
            select(func.count(), func.max(UserQuestion.id)).select_from(UserQuestion)
        ).one()
        return int(count), int(newest or 0)
