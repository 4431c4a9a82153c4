"""Story-bank reads and writes. Every function opens and closes its own session."""

import json
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from sim.domain.feedback import Feedback
from sim.domain.stories import (
    RehearsalRecord,
    StoryChecks,
    StoryError,
    StoryFields,
    StoryGradeRecord,
    StoryRecord,
)
from sim.domain.verdict import Verdict
from sim.storage.rows import insert
from sim.storage.story_models import Story, StoryGrade, StoryRehearsal
from sim.storage.timestamps import aware

_TEXT_FIELDS = ("title", "situation", "task", "action", "result", "lesson", "metrics", "role")


def _story_record(row: Story) -> StoryRecord:
    return StoryRecord(
        id=row.id,
        **{name: getattr(row, name) for name in _TEXT_FIELDS},
        dates=row.dates,
        tags=[t for t in row.tags.split(",") if t],
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
    )


def _grade_record(row: StoryGrade) -> StoryGradeRecord:
    return StoryGradeRecord(
        id=row.id,
        story_id=row.story_id,
        question_id=row.question_id,
        question=row.question,
        grader=row.grader,
        model=row.model,
        rubric_version=row.rubric_version,
        content_key=row.content_key,
        overall=row.overall,
        signal=row.signal,
        feedback=Feedback.model_validate_json(row.feedback_json),
        verdict=Verdict.model_validate_json(row.verdict_json),
        checks=StoryChecks.model_validate_json(row.checks_json),
        suggestions=json.loads(row.suggestions_json),
        cost_usd=row.cost_usd,
        created_at=aware(row.created_at),
    )


def _rehearsal_record(row: StoryRehearsal) -> RehearsalRecord:
    return RehearsalRecord(
        id=row.id,
        story_id=row.story_id,
        question_id=row.question_id,
        written=row.written,
        told=row.told,
        elapsed_s=row.elapsed_s,
        created_at=aware(row.created_at),
    )


def _apply(row: Story, fields: StoryFields) -> None:
    for name in _TEXT_FIELDS:
        setattr(row, name, getattr(fields, name))
    row.dates = fields.dates
    row.tags = ",".join(fields.tags)
    row.content_key = fields.content_key()


def find_by_key(engine: Engine, content_key: str) -> StoryRecord | None:
    with Session(engine) as session:
        row = session.exec(select(Story).where(Story.content_key == content_key)).first()
        return _story_record(row) if row else None


def _duplicate(engine: Engine, fields: StoryFields) -> StoryError:
    twin = find_by_key(engine, fields.content_key())
    where = f" (#{twin.id} “{twin.title}”)" if twin else ""
    return StoryError(f"the same story is already in the bank{where}")


def create_story(engine: Engine, fields: StoryFields) -> StoryRecord:
    """Insert a story; StoryError when the same narrative is already stored."""
    now = datetime.now(UTC)
    row = Story(content_key="", created_at=now, updated_at=now)
    _apply(row, fields)
    with Session(engine) as session:
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            raise _duplicate(engine, fields) from None
        session.refresh(row)
        return _story_record(row)


def update_story(engine: Engine, story_id: int, fields: StoryFields) -> StoryRecord:
    with Session(engine) as session:
        row = session.get(Story, story_id)
        if row is None:
            raise StoryError(f"no story #{story_id}")
        _apply(row, fields)
        row.updated_at = datetime.now(UTC)
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            raise _duplicate(engine, fields) from None
        session.refresh(row)
        return _story_record(row)


def get_story(engine: Engine, story_id: int) -> StoryRecord | None:
    with Session(engine) as session:
        row = session.get(Story, story_id)
        return _story_record(row) if row else None


def list_stories(engine: Engine) -> list[StoryRecord]:
    """Oldest first: the order an export writes and an import restores."""
    with Session(engine) as session:
        rows = session.exec(select(Story).order_by(col(Story.id))).all()
        return [_story_record(r) for r in rows]


def delete_story(engine: Engine, story_id: int) -> bool:
    """Delete a story with its grades and rehearsals; False when there was none."""
    with Session(engine) as session:
        row = session.get(Story, story_id)
        if row is None:
            return False
        session.exec(delete(StoryGrade).where(col(StoryGrade.story_id) == story_id))
        session.exec(delete(StoryRehearsal).where(col(StoryRehearsal.story_id) == story_id))
        session.delete(row)
        session.commit()
        return True


def add_grade(
    engine: Engine,
    *,
    story_id: int,
    question_id: str,
    question: str,
    grader: str,
    model: str,
    rubric_version: str,
    content_key: str,
    feedback: Feedback,
    verdict: Verdict,
    checks: StoryChecks,
    suggestions: list[str],
    tokens_in: int | None = None,
    tokens_out: int | None = None,
    cost_usd: float | None = None,
) -> StoryGradeRecord:
    row = StoryGrade(
        story_id=story_id,
        question_id=question_id,
        question=question,
        grader=grader,
        model=model,
        rubric_version=rubric_version,
        content_key=content_key,
        overall=feedback.overall,
        signal=feedback.signal,
        feedback_json=feedback.model_dump_json(),
        verdict_json=verdict.model_dump_json(),
        checks_json=checks.model_dump_json(),
        suggestions_json=json.dumps(suggestions, ensure_ascii=False),
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        cost_usd=cost_usd,
        created_at=datetime.now(UTC),
    )
    return _grade_record(insert(engine, row))


def list_grades(engine: Engine, story_id: int | None = None) -> list[StoryGradeRecord]:
    """Oldest first; all stories' grades, or one story's."""
    with Session(engine) as session:
        query = select(StoryGrade).order_by(col(StoryGrade.id))
        if story_id is not None:
            query = query.where(StoryGrade.story_id == story_id)
        return [_grade_record(r) for r in session.exec(query).all()]


def add_rehearsal(
    engine: Engine,
    *,
    story_id: int,
    question_id: str,
    written: str,
    told: str,
    elapsed_s: int | None,
) -> RehearsalRecord:
    row = StoryRehearsal(
        story_id=story_id,
        question_id=question_id,
        written=written,
        told=told,
        elapsed_s=elapsed_s,
        created_at=datetime.now(UTC),
    )
    return _rehearsal_record(insert(engine, row))


def list_rehearsals(engine: Engine, story_id: int | None = None) -> list[RehearsalRecord]:
    """Oldest first; all stories' rehearsals, or one story's."""
    with Session(engine) as session:
        query = select(StoryRehearsal).order_by(col(StoryRehearsal.id))
        if story_id is not None:
            query = query.where(StoryRehearsal.story_id == story_id)
        return [_rehearsal_record(r) for r in session.exec(query).all()]
