"""Planner statistics: the query planner picks History's indexes well only when it knows the
tables' sizes. PostgreSQL's autovacuum keeps them; SQLite gathers them only on ANALYZE, so a
process start runs a bounded ANALYZE when they are missing or the answers have doubled since."""

from sqlalchemy import text
from sqlalchemy.engine import Engine

from sim.storage.ownership import unscoped

GROWTH = 2  # re-analyse once the answers have grown this many times over
ROWS_SCANNED = 2000  # PRAGMA analysis_limit: rows examined per index, so the cost is bounded
SMALL = 500  # below this many answers any plan is fast: no statistics needed


def _analysed_rows(conn) -> int | None:  # noqa: ANN001 - a SQLAlchemy connection
    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    ).first()
    if not has_table:
        return None
    stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'attempt' LIMIT 1")).first()
    return int(stat[0].split()[0]) if stat else None


def refresh_if_stale(engine: Engine) -> bool:
    """True when it ran ANALYZE. SQLite only; the estimate of answers is the largest id."""
    if engine.dialect.name != "sqlite":
        return False
    with unscoped(engine).connect() as conn:  # every user's answers: the table's size
        answers = conn.execute(text("SELECT coalesce(max(id), 0) FROM attempt")).scalar_one()
        analysed = _analysed_rows(conn)
        if answers < SMALL or (analysed is not None and answers < GROWTH * max(analysed, 1)):
            return False
        conn.execute(text(f"PRAGMA analysis_limit={ROWS_SCANNED}"))
        conn.execute(text("ANALYZE"))
        conn.commit()
    return True


def analyse_after_upgrade(engine: Engine) -> None:
    """After migration steps that filled new columns: statistics for the new indexes."""
    with unscoped(engine).connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text(f"PRAGMA analysis_limit={ROWS_SCANNED}"))
        conn.execute(text("ANALYZE"))
        conn.commit()
