"""History list queries: filtered, paged answers with their latest grade, counts, the filter
options and the session summaries.

Everything that narrows, orders or aggregates runs in SQL; Python never sees more than a page.
The latest-grade join and the filters (including the per-dimension score filter, and why it is
an ``EXISTS`` over the grade's JSON) are in sim.storage.history_sql.

* Newest first is primary-key order; a page is LIMIT/OFFSET over ids only, and just those rows
  are then read with their grade.
* The table's per-dimension levels are the grade's level columns.

Only SQLite and PostgreSQL are supported (the two engines the app runs on and CI tests)."""

from sqlalchemy import exists, func, literal, select
from sqlalchemy.engine import Engine

from sim.domain.history import FilterOptions, HistoryFilters, HistoryRow, SessionSummary
from sim.storage.history_sql import (
    ATTEMPT,
    GRADE,
    SESSION,
    as_date,
    aware,
    filtered,
    level_column,
    with_latest_grade,
)
from sim.storage.models import LEVEL_COLUMNS


def count_answers(engine: Engine, filters: HistoryFilters) -> int:
    stmt = filtered(select(func.count()).select_from(ATTEMPT), filters)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def answers_page(
    engine: Engine, filters: HistoryFilters, *, offset: int, limit: int
) -> list[HistoryRow]:
    """Newest first; each answer with its latest grade.

    Two steps: the page's ids (filters, order, OFFSET/LIMIT over the attempt table alone, so
    skipped rows never pay for a grade lookup), then those rows with their grade. Session
    titles and statuses come from a third, tiny query: joined into the filtered scan,
    PostgreSQL's row estimates picked a nested loop over every session for every candidate row
    (25 ms of a 32 ms page)."""
    page_ids = (
        filtered(select(ATTEMPT.c.id), filters)
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
            ATTEMPT.c.overall,
            GRADE.c.signal,
            *(level_column(d).label(d) for d in LEVEL_COLUMNS),
        )
        .select_from(with_latest_grade())
        .where(ATTEMPT.c.id.in_(page_ids.scalar_subquery()))
        .order_by(ATTEMPT.c.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        session_ids = {r.session_id for r in rows if r.session_id is not None}
        sessions = (
            {
                s.id: s
                for s in conn.execute(
                    select(SESSION.c.id, SESSION.c.title, SESSION.c.status).where(
                        SESSION.c.id.in_(session_ids)
                    )
                ).all()
            }
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
            started_at=aware(r.started_at),
            submitted_at=aware(r.submitted_at),
            session_id=r.session_id,
            session_title=(sessions[r.session_id].title or "") if r.session_id in sessions else "",
            session_status=sessions[r.session_id].status if r.session_id in sessions else None,
            grade_id=r.grade_id,
            grader=r.grader or "",
            overall=r.overall,
            signal=r.signal or "",
            levels={d: r._mapping[d] for d in LEVEL_COLUMNS} if r.grade_id else {},
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
            first_day=as_date(first),
            last_day=as_date(last),
            topics=list(topics),
            sessions=list(sessions),
            latest_grade_id=latest_grade,
        )


def session_summaries(engine: Engine, limit: int = 200) -> list[SessionSummary]:
    """Interview sessions, newest first, with how many answers were given and graded. The
    newest `limit` sessions holding answers are chosen first, so only their answers are
    aggregated (through the attempt.session_id index), not every session's."""
    source = ATTEMPT.join(SESSION, SESSION.c.id == ATTEMPT.c.session_id)
    with_answers = exists(select(literal(1)).where(ATTEMPT.c.session_id == SESSION.c.id))
    newest = select(SESSION.c.id).where(with_answers).order_by(SESSION.c.id.desc()).limit(limit)
    stmt = (
        select(
            SESSION.c.id,
            SESSION.c.title,
            SESSION.c.format_id,
            SESSION.c.status,
            SESSION.c.started_at,
            func.count(ATTEMPT.c.id).label("answers"),
            func.count(ATTEMPT.c.latest_grade_id).label("graded"),
            func.avg(ATTEMPT.c.overall).label("mean"),
        )
        .select_from(source)
        .where(SESSION.c.id.in_(newest.scalar_subquery()))
        .group_by(
            SESSION.c.id,
            SESSION.c.title,
            SESSION.c.format_id,
            SESSION.c.status,
            SESSION.c.started_at,
        )
        .order_by(SESSION.c.id.desc())
    )
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        SessionSummary(
            id=r.id,
            title=r.title or "",
            format_id=r.format_id,
            status=r.status,
            started_at=aware(r.started_at),
            answers=int(r.answers),
            graded=int(r.graded),
            mean_overall=None if r.mean is None else round(float(r.mean), 2),
        )
        for r in result
    ]
