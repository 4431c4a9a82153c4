"""History chart queries: mean level per dimension per day and mean overall per topic.

Chart figures are aggregated in SQL over each answer's latest grade, narrowed by the same filters
as the list (sim.storage.history_sql): mean level per dimension per UTC day (from the grade's
level columns) and mean overall per topic. Weeks and months are merged from the days in pure
code (sim.domain.history.by_period).

Only SQLite and PostgreSQL are supported (the two engines the app runs on and CI tests)."""

from decimal import Decimal

from sqlalchemy import Float, cast, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from sim.domain.history import DimensionPoint, HistoryFilters, TopicScore
from sim.storage.history_sql import (
    ATTEMPT,
    as_date,
    filtered,
    level_column,
)
from sim.storage.models import LEVEL_COLUMNS


def _number(value: float | Decimal | None) -> float | None:
    return None if value is None else float(value)


def _utc_day(moment: ColumnElement, dialect: str) -> ColumnElement:
    """The UTC calendar day of a stored time (PostgreSQL would use the session's time zone)."""
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", moment))
    return func.date(moment)  # SQLite holds the UTC wall time as text


def daily_dimension_levels(engine: Engine, filters: HistoryFilters) -> list[DimensionPoint]:
    """Mean judged level per dimension per UTC day of submission (latest grade of each answer):
    one pass over the level columns, a mean and a count per dimension per day."""
    day = _utc_day(ATTEMPT.c.submitted_at, engine.dialect.name).label("day")
    figures = []
    for dimension in LEVEL_COLUMNS:
        level = level_column(dimension)
        figures += [
            func.avg(cast(level, Float)).label(f"{dimension}_mean"),
            func.count(level).label(f"{dimension}_answers"),
        ]
    stmt = (
        select(day, *figures)
        # Ungraded answers have no levels and count nowhere (count and avg skip NULLs), so no
        # test of the grade is needed: the query reads the progress index alone.
        .where(ATTEMPT.c.submitted_at.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    with engine.connect() as conn:
        result = conn.execute(filtered(stmt, filters)).all()
    return [
        DimensionPoint(
            day=as_date(r.day),
            dimension=dimension,
            mean_level=round(float(r._mapping[f"{dimension}_mean"]), 3),
            answers=int(r._mapping[f"{dimension}_answers"]),
        )
        for r in result
        if r.day is not None
        for dimension in LEVEL_COLUMNS
        if r._mapping[f"{dimension}_answers"]
    ]


def topic_means(engine: Engine, filters: HistoryFilters) -> list[TopicScore]:
    """Mean overall per topic over graded answers (latest grade of each), best first."""
    mean = func.avg(ATTEMPT.c.overall)
    stmt = (
        select(ATTEMPT.c.topic, mean.label("mean"), func.count(ATTEMPT.c.overall).label("answers"))
        .where(ATTEMPT.c.overall.is_not(None))
        .group_by(ATTEMPT.c.topic)
        .order_by(mean.desc(), ATTEMPT.c.topic)
    )
    stmt = filtered(stmt, filters)
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        TopicScore(topic=r.topic, mean_overall=round(_number(r.mean), 3), answers=int(r.answers))
        for r in result
    ]
