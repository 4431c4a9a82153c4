"""History queries: filtered, paged answers with their latest grade, counts and chart figures.

Everything that narrows, orders or aggregates runs in SQL; Python never sees more than a page.

* Latest grade: an answer's grade with no newer grade for the same attempt (NOT EXISTS), both
  lookups through the ``grade.attempt_id`` index (see ``_with_latest_grade``).
* Kind, topic, question, session and date filters use the indexed ``attempt`` columns; the track
  filter matches the comma-separated ``attempt.tracks`` with delimiters (so ``azure`` never
  matches ``python_azure``). Newest first is primary-key order; a page is LIMIT/OFFSET over ids
  only, and just those rows are then read with their grade.
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
* The table's per-dimension level columns are read in Python from the JSON of the page's rows
  only (at most one page of small documents).
* Chart figures are aggregated in SQL: mean level per dimension per UTC day (through the same
  JSON functions, each level extracted once in a materialized CTE) and mean overall per topic.
  Weeks and months are merged from the days in pure code (sim.domain.history.by_period).

Only SQLite and PostgreSQL are supported (the two engines the app runs on and CI tests)."""

import json
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Float, Integer, and_, cast, column, exists, func, literal, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, FromClause, Select

from sim.domain.history import (
    OVERALL,
    DimensionPoint,
    FilterOptions,
    HistoryFilters,
    HistoryRow,
    SessionSummary,
    TopicScore,
)
from sim.storage.models import Attempt, Grade, InterviewSession

ATTEMPT = Attempt.__table__
GRADE = Grade.__table__
SESSION = InterviewSession.__table__


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back naive; they were written in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _as_date(value: datetime | date | str | None) -> date | None:
    # SQLite's date() returns text, PostgreSQL's a date; min/max of a time column a datetime.
    if isinstance(value, datetime):
        return _aware(value).astimezone(UTC).date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _number(value: float | Decimal | None) -> float | None:
    return None if value is None else float(value)


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _utc_day(moment: ColumnElement, dialect: str) -> ColumnElement:
    """The UTC calendar day of a stored time (PostgreSQL would use the session's time zone)."""
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", moment))
    return func.date(moment)  # SQLite holds the UTC wall time as text


def _with_latest_grade(inner: bool = False) -> FromClause:
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


def _dimension_rows(
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


def _materialized_cte_supported(engine: Engine) -> bool:
    if engine.dialect.name == "sqlite":
        return sqlite3.sqlite_version_info >= (3, 35)
    return engine.dialect.name == "postgresql" and engine.dialect.server_version_info >= (12,)


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
            rows, dimension, level = _dimension_rows(dialect, "score_dims")
            checks = [dimension == filters.score_on, level.is_not(None)]
            if low is not None:
                checks.append(level >= low)
            if high is not None:
                checks.append(level <= high)
            where.append(exists(select(literal(1)).select_from(rows).where(and_(*checks))))
    return where


def _filtered(stmt: Select, filters: HistoryFilters, dialect: str) -> Select:
    conditions = _conditions(filters, dialect)
    return stmt.where(*conditions) if conditions else stmt


def count_answers(engine: Engine, filters: HistoryFilters) -> int:
    # The grade join is only needed when a score narrows the answers.
    source = _with_latest_grade(inner=True) if filters.scored else ATTEMPT
    stmt = _filtered(select(func.count()).select_from(source), filters, engine.dialect.name)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def _levels(feedback_json: str | None) -> dict[str, int | None]:
    if not feedback_json:
        return {}
    try:
        dimensions = json.loads(feedback_json).get("dimensions", [])
        return {d["dimension"]: d.get("level") for d in dimensions}
    except (ValueError, AttributeError, KeyError, TypeError):
        return {}  # an unreadable old grade shows no levels rather than breaking the page


def answers_page(
    engine: Engine, filters: HistoryFilters, *, offset: int, limit: int
) -> list[HistoryRow]:
    """Newest first; each answer with its latest grade.

    Two steps: the page's ids (filters, order, OFFSET/LIMIT over narrow rows: without a score
    filter from the attempt table alone, so skipped rows never pay for the grade lookup), then
    those rows with their grade. Session titles come from a third, tiny query: joined into the
    filtered scan, PostgreSQL's row estimate for the track LIKE picked a nested loop over every
    session for every candidate row (25 ms of a 32 ms page)."""
    dialect = engine.dialect.name
    id_source = _with_latest_grade(inner=True) if filters.scored else ATTEMPT
    page_ids = (
        _filtered(select(ATTEMPT.c.id).select_from(id_source), filters, dialect)
        .order_by(ATTEMPT.c.id.desc())
        .offset(max(0, offset))
        .limit(max(0, limit))
    )
    stmt = (
        select(
            ATTEMPT.c.id,
            ATTEMPT.c.question_id,
            ATTEMPT.c.kind,
            ATTEMPT.c.topic,
            ATTEMPT.c.tracks,
            ATTEMPT.c.status,
            ATTEMPT.c.started_at,
            ATTEMPT.c.submitted_at,
            ATTEMPT.c.session_id,
            GRADE.c.id.label("grade_id"),
            GRADE.c.grader,
            GRADE.c.overall,
            GRADE.c.signal,
            GRADE.c.feedback_json,
        )
        .select_from(_with_latest_grade())
        .where(ATTEMPT.c.id.in_(page_ids.scalar_subquery()))
        .order_by(ATTEMPT.c.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        session_ids = {r.session_id for r in rows if r.session_id is not None}
        titles = (
            dict(
                conn.execute(
                    select(SESSION.c.id, SESSION.c.title).where(SESSION.c.id.in_(session_ids))
                ).all()
            )
            if session_ids
            else {}
        )
    return [
        HistoryRow(
            attempt_id=r.id,
            question_id=r.question_id,
            kind=r.kind,
            topic=r.topic,
            tracks=[t for t in (r.tracks or "").split(",") if t],
            status=r.status,
            started_at=_aware(r.started_at),
            submitted_at=_aware(r.submitted_at),
            session_id=r.session_id,
            session_title=titles.get(r.session_id) or "",
            grade_id=r.grade_id,
            grader=r.grader or "",
            overall=r.overall,
            signal=r.signal or "",
            levels=_levels(r.feedback_json),
        )
        for r in rows
    ]


def filter_options(engine: Engine) -> FilterOptions:
    with engine.connect() as conn:
        total, first, last = conn.execute(
            select(
                func.count(),
                func.min(ATTEMPT.c.submitted_at),
                func.max(ATTEMPT.c.submitted_at),
            ).select_from(ATTEMPT)
        ).one()
        topics = conn.execute(
            select(ATTEMPT.c.topic).distinct().order_by(ATTEMPT.c.topic)
        ).scalars()
        latest_grade = conn.execute(select(func.max(GRADE.c.id))).scalar_one()
        sessions = conn.execute(
            select(ATTEMPT.c.session_id)
            .where(ATTEMPT.c.session_id.is_not(None))
            .distinct()
            .order_by(ATTEMPT.c.session_id.desc())
        ).scalars()
        return FilterOptions(
            total=int(total),
            first_day=_as_date(first),
            last_day=_as_date(last),
            topics=list(topics),
            sessions=list(sessions),
            latest_grade_id=latest_grade,
        )


def daily_dimension_levels(engine: Engine, filters: HistoryFilters) -> list[DimensionPoint]:
    """Mean judged level per dimension per UTC day of submission (latest grade of each answer)."""
    dialect = engine.dialect.name
    rows, dimension, level = _dimension_rows(dialect)
    day = _utc_day(ATTEMPT.c.submitted_at, dialect)
    # Each dimension's name and level are read from the JSON once, in a materialized CTE; an
    # inlined one would re-read them for every use in the aggregate (SQLite 3.40 has no JSON
    # parse cache): 230 ms against 160 ms over 10,000 answers.
    extracted = (
        select(
            day.label("day"),
            dimension.label("dimension"),
            cast(level, Float).label("level"),
        )
        # A join on true: the function reads the joined grade's JSON (implicitly lateral).
        .select_from(_with_latest_grade(inner=True).join(rows, true()))
        .where(ATTEMPT.c.submitted_at.is_not(None))
    )
    extracted = _filtered(extracted, filters, dialect).cte("dimension_levels")
    if _materialized_cte_supported(engine):
        extracted = extracted.prefix_with("MATERIALIZED")
    stmt = (
        select(
            extracted.c.day,
            extracted.c.dimension,
            func.avg(extracted.c.level).label("mean_level"),
            func.count(extracted.c.level).label("answers"),
        )
        .where(extracted.c.level.is_not(None))
        .group_by(extracted.c.day, extracted.c.dimension)
        .order_by(extracted.c.day, extracted.c.dimension)
    )
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        DimensionPoint(
            day=_as_date(r.day),
            dimension=str(r.dimension),
            mean_level=round(float(r.mean_level), 3),
            answers=int(r.answers),
        )
        for r in result
        if r.day is not None and r.answers
    ]


def topic_means(engine: Engine, filters: HistoryFilters) -> list[TopicScore]:
    """Mean overall per topic over graded answers (latest grade of each), best first."""
    mean = func.avg(GRADE.c.overall)
    stmt = (
        select(ATTEMPT.c.topic, mean.label("mean"), func.count(GRADE.c.overall).label("answers"))
        .select_from(_with_latest_grade(inner=True))
        .where(GRADE.c.overall.is_not(None))
        .group_by(ATTEMPT.c.topic)
        .order_by(mean.desc(), ATTEMPT.c.topic)
    )
    stmt = _filtered(stmt, filters, engine.dialect.name)
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        TopicScore(topic=r.topic, mean_overall=round(_number(r.mean), 3), answers=int(r.answers))
        for r in result
    ]


def session_summaries(engine: Engine, limit: int = 200) -> list[SessionSummary]:
    """Interview sessions, newest first, with how many answers were given and graded."""
    source = _with_latest_grade().join(SESSION, SESSION.c.id == ATTEMPT.c.session_id)
    stmt = (
        select(
            SESSION.c.id,
            SESSION.c.title,
            SESSION.c.format_id,
            SESSION.c.status,
            SESSION.c.started_at,
            func.count(ATTEMPT.c.id).label("answers"),
            func.count(GRADE.c.id).label("graded"),
            func.avg(GRADE.c.overall).label("mean"),
        )
        .select_from(source)
        .group_by(
            SESSION.c.id,
            SESSION.c.title,
            SESSION.c.format_id,
            SESSION.c.status,
            SESSION.c.started_at,
        )
        .order_by(SESSION.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        SessionSummary(
            id=r.id,
            title=r.title or "",
            format_id=r.format_id,
            status=r.status,
            started_at=_aware(r.started_at),
            answers=int(r.answers),
            graded=int(r.graded),
            mean_overall=None if r.mean is None else round(float(r.mean), 2),
        )
        for r in result
    ]
