"""Planner statistics: the query planner picks History's indexes well only when it knows the
tables' sizes. PostgreSQL's autovacuum keeps them; SQLite gathers them only on ANALYZE, so a
process start runs a bounded ANALYZE when they are missing, the answers have doubled since, or
the sizes it recorded disagree with each other.

A bounded ANALYZE estimates each index's row count from a sample, and the estimates differ from
index to index (at 100,000 answers one index said 51,744 rows, another 120,228). SQLite then
believes a full scan of the table cheaper than a scan of the covering progress index, and the
Progress charts read every answer's text (1.9 GB) instead of the index. So after ANALYZE each
analysed table's figures start with its counted rows, the same for all its indexes."""

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from sim.storage.ownership import unscoped

GROWTH = 2  # re-analyse once the answers have grown this many times over
ROWS_SCANNED = 2000  # PRAGMA analysis_limit: rows examined per index, so the cost is bounded
SMALL = 500  # below this many answers any plan is fast: no statistics needed


def _has_statistics(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
    )


def _analysed_rows(conn: Connection) -> int | None:
    if not _has_statistics(conn):
        return None
    stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'attempt' LIMIT 1")).first()
    return int(stat[0].split()[0]) if stat else None


def _sizes_agree(conn: Connection) -> bool:
    """True when every index of each table was recorded with the same row count."""
    disagreeing = conn.execute(
        text(
            "SELECT tbl FROM sqlite_stat1 GROUP BY tbl "
            "HAVING count(DISTINCT substr(stat, 1, instr(stat || ' ', ' '))) > 1"
        )
    ).first()
    return disagreeing is None


def _record_counted_sizes(conn: Connection) -> None:
    """Each analysed table's statistics, with its counted rows first (one count per table)."""
    tables = [row[0] for row in conn.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1"))]
    for table in tables:
        # The name comes from sqlite_stat1 itself (a table of this database), quoted as such.
        quoted = '"' + table.replace('"', '""') + '"'
        rows = conn.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one()
        conn.execute(
            text(
                "UPDATE sqlite_stat1 SET stat = :rows || substr(stat, instr(stat || ' ', ' ')) "
                "WHERE tbl = :table"
            ),
            {"rows": str(rows), "table": table},
        )
    conn.execute(text("ANALYZE sqlite_schema"))  # the planner reads the figures again


def _analyse(conn: Connection, sqlite: bool) -> None:
    if sqlite:
        conn.execute(text(f"PRAGMA analysis_limit={ROWS_SCANNED}"))
    conn.execute(text("ANALYZE"))
    if sqlite:
        _record_counted_sizes(conn)
    conn.commit()


def refresh_if_stale(engine: Engine) -> bool:
    """True when it ran ANALYZE. SQLite only; the estimate of answers is the largest id."""
    if engine.dialect.name != "sqlite":
        return False
    with unscoped(engine).connect() as conn:  # every user's answers: the table's size
        answers = conn.execute(text("SELECT coalesce(max(id), 0) FROM attempt")).scalar_one()
        analysed = _analysed_rows(conn)
        if answers < SMALL:
            return False
        fresh = analysed is not None and answers < GROWTH * max(analysed, 1)
        if fresh and _sizes_agree(conn):
            return False
        _analyse(conn, sqlite=True)
    return True


def analyse_after_upgrade(engine: Engine) -> None:
    """After migration steps that filled new columns: statistics for the new indexes."""
    with unscoped(engine).connect() as conn:
        _analyse(conn, sqlite=engine.dialect.name == "sqlite")
