"""The SQL shared by the history queries: the latest grade, the filters, the stored levels.

* Latest grade: an answer's grade with no newer grade for the same attempt (NOT EXISTS), both
  lookups through the ``grade.attempt_id`` index (see ``with_latest_grade``).
* Kind, topic, question, session and date filters use the indexed ``attempt`` columns; the track
  filter matches the comma-separated ``attempt.tracks`` with delimiters (so ``azure`` never
  matches ``python_azure``).
* Score filters -- the choice the brief asked about. On ``overall`` it is a plain SQL range on
  ``grade.overall``. Per-dimension levels live only in ``grade.feedback_json`` (nothing new is
  stored), so a range on a dimension is an ``EXISTS`` over that grade's JSON ``dimensions``
  array using the database's own JSON functions (``json_each``/``json_extract`` in SQLite,
  ``jsonb_array_elements``/``->>`` in PostgreSQL). Filtering only the current page in Python
  was rejected: the count and the page boundaries would be wrong (a "page" of 50 could show 3
  rows, and page 2 could hold answers that belong on page 1). SQL evaluates the JSON test last,
  after the indexed filters. Its cost is the JSON parse: with 10,000 answers a dimension range
  over everything takes ~130 ms on SQLite and ~330 ms on PostgreSQL; combined with a kind,
  track and date filter ~35 ms / ~110 ms (benchmarks/history_10k.py). Making it cheaper needs a
  stored copy of the levels (a column or table via a migration), which this feature must not add.

Only SQLite and PostgreSQL are supported (the two engines the app runs on and CI tests)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, and_, cast, column, exists, func, literal, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import ColumnElement, FromClause, Select

from sim.domain.history import OVERALL, HistoryFilters
from sim.storage.models import Attempt, Grade, InterviewSession
from sim.storage.timestamps import aware

ATTEMPT = Attempt.__table__
GRADE = Grade.__table__
SESSION = InterviewSession.__table__


def as_date(value: datetime | date | str | None) -> date | None:
    # SQLite's date() returns text, PostgreSQL's a date; min/max of a time column a datetime.
    if isinstance(value, datetime):
        return aware(value).astimezone(UTC).date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def with_latest_grade(inner: bool = False) -> FromClause:
    """Attempt joined to its latest grade: the grade of that attempt with no newer one.

    Both lookups go through the grade.attempt_id index on either engine. Written as NOT EXISTS
    rather than ``grade.id = (SELECT max(id) ...)``, and with ``newer.id - grade.id > 0`` rather
    than ``newer.id > grade.id``: PostgreSQL without fresh statistics (right after a bulk load)
    answered that max() by walking the primary key backwards (470 ms for a filtered count of
    10,000 answers) and ANDed a primary-key range scan into the anti-join (65 ms); the
    expression keeps the primary key out of both plans (6 ms, with or without statistics)."""
    newer = GRADE.alias("newer")
    no_newer = ~exists(
        select(literal(1)).where(
            newer.c.attempt_id == GRADE.c.attempt_id, newer.c.id - GRADE.c.id > 0
        )
    )
    on = and_(GRADE.c.attempt_id == ATTEMPT.c.id, no_newer)
    return ATTEMPT.join(GRADE, on) if inner else ATTEMPT.outerjoin(GRADE, on)


def dimension_rows(
    dialect: str, name: str = "dims"
) -> tuple[FromClause, ColumnElement, ColumnElement]:
    """The dimensions array of the joined grade's feedback as rows: (from, dimension, level)."""
    if dialect == "sqlite":
        rows = func.json_each(GRADE.c.feedback_json, "$.dimensions").table_valued(
            "value", name=name
        )
        return (
            rows,
            func.json_extract(rows.c.value, "$.dimension"),
            func.json_extract(rows.c.value, "$.level"),
        )
    if dialect == "postgresql":
        feedback = cast(GRADE.c.feedback_json, postgresql.JSONB)
        rows = func.jsonb_array_elements(feedback["dimensions"]).table_valued(
            column("value", postgresql.JSONB), name=name
        )
        return (
            rows,
            rows.c.value["dimension"].astext,
            cast(rows.c.value["level"].astext, Integer),
        )
    raise NotImplementedError(f"history queries support SQLite and PostgreSQL, not {dialect}")


def _conditions(filters: HistoryFilters, dialect: str) -> list[ColumnElement]:
    where: list[ColumnElement] = []
    if filters.date_from:
        where.append(ATTEMPT.c.submitted_at >= _utc_midnight(filters.date_from))
    if filters.date_to:
        where.append(ATTEMPT.c.submitted_at < _utc_midnight(filters.date_to + timedelta(days=1)))
    if filters.kind:
        where.append(ATTEMPT.c.kind == filters.kind)
    if filters.topic:
        where.append(ATTEMPT.c.topic == filters.topic)
    if filters.question_id:
        where.append(ATTEMPT.c.question_id == filters.question_id)
    if filters.session_id is not None:
        where.append(ATTEMPT.c.session_id == filters.session_id)
    if filters.track:
        delimited = literal(",") + ATTEMPT.c.tracks + literal(",")
        where.append(delimited.contains(f",{filters.track},", autoescape=True))
    if filters.scored:
        low, high = filters.score_min, filters.score_max
        if filters.score_on == OVERALL:
            where.append(GRADE.c.overall.is_not(None))
            if low is not None:
                where.append(GRADE.c.overall >= low)
            if high is not None:
                where.append(GRADE.c.overall <= high)
        else:
            rows, dimension, level = dimension_rows(dialect, "score_dims")
            checks = [dimension == filters.score_on, level.is_not(None)]
            if low is not None:
                checks.append(level >= low)
            if high is not None:
                checks.append(level <= high)
            where.append(exists(select(literal(1)).select_from(rows).where(and_(*checks))))
    return where


def filtered(stmt: Select, filters: HistoryFilters, dialect: str) -> Select:
    conditions = _conditions(filters, dialect)
    return stmt.where(*conditions) if conditions else stmt
