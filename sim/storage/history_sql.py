"""The SQL shared by the history queries: the latest grade, the filters, the stored levels.

* Latest grade: ``attempt.latest_grade_id``, with the latest grade's overall and levels copied
  onto the attempt when it is saved (schema v8; repo.save_grade). Filters, counts and charts
  read those indexed attempt columns and need no join; a page joins its rows' grades by id.
* Kind, topic, question, session and date filters use the indexed ``attempt`` columns; the track
  filter is a lookup in ``attempt_track`` (primary key track, attempt id).
* Score filters are ranges on ``attempt.overall`` or the dimension's level column. Before v8 an
  answer's newest grade was found with an anti-join per answer and a dimension range parsed
  every grade's JSON: 0.65 s for a depth range over 100,000 answers, 2 s for the charts.

Only SQLite and PostgreSQL are supported (the two engines the app runs on and CI tests)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.sql import ColumnElement, FromClause, Select

from sim.domain.history import OVERALL, HistoryFilters
from sim.storage.models import LEVEL_COLUMNS, Attempt, AttemptTrack, Grade, InterviewSession
from sim.storage.timestamps import aware

ATTEMPT = Attempt.__table__
GRADE = Grade.__table__
SESSION = InterviewSession.__table__
TRACK = AttemptTrack.__table__


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
    """Attempt joined to its latest grade (by the id stored on the attempt)."""
    on = GRADE.c.id == ATTEMPT.c.latest_grade_id
    return ATTEMPT.join(GRADE, on) if inner else ATTEMPT.outerjoin(GRADE, on)


def level_column(dimension: str) -> ColumnElement:
    return ATTEMPT.c[LEVEL_COLUMNS[dimension]]


def _conditions(filters: HistoryFilters) -> list[ColumnElement]:
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
        with_track = select(TRACK.c.attempt_id).where(TRACK.c.track == filters.track)
        where.append(ATTEMPT.c.id.in_(with_track))
    if filters.scored:
        low, high = filters.score_min, filters.score_max
        if filters.score_on == OVERALL:
            where.append(ATTEMPT.c.overall.is_not(None))
            if low is not None:
                where.append(ATTEMPT.c.overall >= low)
            if high is not None:
                where.append(ATTEMPT.c.overall <= high)
        else:
            level = level_column(filters.score_on)
            where.append(level.is_not(None))
            if low is not None:
                where.append(level >= low)
            if high is not None:
                where.append(level <= high)
    return where


def filtered(stmt: Select, filters: HistoryFilters) -> Select:
    conditions = _conditions(filters)
    return stmt.where(*conditions) if conditions else stmt
