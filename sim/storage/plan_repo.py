"""Reads and writes for study plans: the plan chosen, and the evidence its progress is measured
on (graded answers, finished mock interviews, STAR stories)."""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from sim.domain.plan_progress import Evidence, GradedAnswer
from sim.domain.statuses import AttemptStatus, SessionStatus
from sim.storage.history_sql import ATTEMPT, SESSION
from sim.storage.models import LEVEL_COLUMNS
from sim.storage.plan_models import PlanEnrollment
from sim.storage.rows import insert
from sim.storage.story_models import Story
from sim.storage.timestamps import aware


def choose_plan(
    engine: Engine, plan_id: str, start: date, target: date | None = None, first_day: int = 1
) -> int:
    row = PlanEnrollment(plan_id=plan_id, start_date=start, target_date=target, first_day=first_day)
    return insert(engine, row).id


def current_enrollment(engine: Engine) -> PlanEnrollment | None:
    """The plan being followed: the one chosen last."""
    with Session(engine, expire_on_commit=False) as session:
        stmt = select_rows(PlanEnrollment).order_by(col(PlanEnrollment.id).desc()).limit(1)
        return session.exec(stmt).first()


def graded_answers(
    engine: Engine, since: datetime | None = None, limit: int = 5000
) -> list[GradedAnswer]:
    """Graded answers with their latest grade's overall and levels (the columns the attempt
    carries since schema v8, no grade JSON), oldest first: the newest `limit` of them."""
    levels = [ATTEMPT.c[column] for column in LEVEL_COLUMNS.values()]
    stmt = (
        select(
            ATTEMPT.c.id,
            ATTEMPT.c.question_id,
            ATTEMPT.c.kind,
            ATTEMPT.c.tracks,
            ATTEMPT.c.submitted_at,
            ATTEMPT.c.overall,
            *levels,
        )
        .where(
            ATTEMPT.c.status == AttemptStatus.GRADED,
            ATTEMPT.c.submitted_at.is_not(None),
            ATTEMPT.c.latest_grade_id.is_not(None),
        )
        .order_by(ATTEMPT.c.submitted_at.desc(), ATTEMPT.c.id.desc())
        .limit(limit)
    )
    if since is not None:
        stmt = stmt.where(ATTEMPT.c.submitted_at >= since)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [
        GradedAnswer(
            attempt_id=r.id,
            question_id=r.question_id,
            kind=r.kind,
            tracks=tuple(t for t in r.tracks.split(",") if t),
            at=aware(r.submitted_at),
            overall=r.overall,
            levels={d: r._mapping[column] for d, column in LEVEL_COLUMNS.items()},
        )
        for r in reversed(rows)
    ]


def evidence_since(engine: Engine, start: date) -> Evidence:
    since = datetime.combine(start, time(), tzinfo=UTC)
    with engine.connect() as conn:
        mocks = conn.execute(
            select(func.count())
            .select_from(SESSION)
            .where(SESSION.c.status == SessionStatus.FINISHED, SESSION.c.started_at >= since)
        ).scalar_one()
        # A story written before the plan is still a story ready for the interview.
        stories = conn.execute(select(func.count()).select_from(Story.__table__)).scalar_one()
    return Evidence(
        answers=tuple(graded_answers(engine, since)),
        mock_interviews=int(mocks),
        star_stories=int(stories),
    )
