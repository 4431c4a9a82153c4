"""Review of past answers for the History page: pages, comparisons, chart data. No UI here.

The UI calls this module (and sim.service); the SQL lives in sim.storage.history_queries and
sim.storage.history_charts_queries, the arithmetic in sim.domain.history."""

from sqlalchemy.engine import Engine

from sim import catalog
from sim.domain.history import (
    ChartData,
    Comparison,
    FilterOptions,
    HistoryFilters,
    HistoryPage,
    HistoryRow,
    SessionSummary,
    clamp_page,
    compare_attempts,
)
from sim.storage import history_charts_queries, history_queries, repo

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def filter_options(engine: Engine) -> FilterOptions:
    return history_queries.filter_options(engine)


def count(engine: Engine, filters: HistoryFilters) -> int:
    return history_queries.count_answers(engine, filters)


def history_page(
    engine: Engine,
    filters: HistoryFilters | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> HistoryPage:
    """One page of answers matching the filters, newest first. A page past the end is clamped
    to the last one, so a narrowed filter never shows an empty page while answers match."""
    filters = filters or HistoryFilters()
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    total = history_queries.count_answers(engine, filters)
    page = clamp_page(page, total, page_size)
    rows = (
        history_queries.answers_page(
            engine, filters, offset=(page - 1) * page_size, limit=page_size
        )
        if total
        else []
    )
    return HistoryPage(rows=rows, total=total, page=page, page_size=page_size)


def attempts_at(engine: Engine, question_id: str, limit: int = 200) -> list[HistoryRow]:
    """Every answer to one question, newest first (the candidates for a comparison)."""
    return history_queries.answers_page(
        engine, HistoryFilters(question_id=question_id), offset=0, limit=limit
    )


def dimension_titles() -> dict[str, str]:
    return {d.id.value: d.title for d in catalog.rubric().dimensions}


def staff_bar() -> float | None:
    """The lowest overall that reads as Staff (from the rubric's signal bands)."""
    band = next((b for b in catalog.rubric().signals if b.label.lower() == "staff"), None)
    return band.min_score if band else None


def compare(engine: Engine, attempt_a: int, attempt_b: int) -> Comparison:
    """Two stored answers side by side: levels per dimension, the change, and a word diff."""
    first, second = repo.get_attempt(engine, attempt_a), repo.get_attempt(engine, attempt_b)
    missing = [i for i, a in ((attempt_a, first), (attempt_b, second)) if a is None]
    if missing:
        raise KeyError(f"no stored answer #{missing[0]}")
    return compare_attempts(first, second, dimension_titles())


def chart_data(engine: Engine, filters: HistoryFilters | None = None) -> ChartData:
    filters = filters or HistoryFilters()
    return ChartData(
        levels=history_charts_queries.daily_dimension_levels(engine, filters),
        topics=history_charts_queries.topic_means(engine, filters),
    )


def sessions(engine: Engine, limit: int = 200) -> list[SessionSummary]:
    return history_queries.session_summaries(engine, limit)
