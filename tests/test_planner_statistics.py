"""SQLite learns the tables' sizes only from ANALYZE: a start analyses a database that has none
or has doubled since, and leaves a small or freshly analysed one alone."""

from pathlib import Path

from sqlalchemy import text

from sim.storage import planner_statistics
from sim.storage.db import make_engine
from sim.storage.ownership import unscoped


def _add_answers(engine, count: int) -> None:
    engine = unscoped(engine)  # raw SQL: the local user's rows written as the system
    start = engine.connect().execute(text("SELECT coalesce(max(id), 0) FROM attempt")).scalar_one()
    rows = [{"id": start + i + 1, "q": f"q{i % 7}", "s": "submitted"} for i in range(count)]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO attempt (id, question_id, kind, topic, tracks, prompt, answer, "
                "status, time_limit_s, started_at, user_id) VALUES (:id, :q, 'deep_dive', 't', '', 'p', "
                "'a', :s, 60, CURRENT_TIMESTAMP, 1)"
            ),
            rows,
        )


def _analysed(engine) -> int | None:
    with unscoped(engine).connect() as conn:
        return planner_statistics._analysed_rows(conn)


def test_a_start_analyses_a_grown_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    engine = make_engine(url)
    _add_answers(engine, planner_statistics.SMALL - 10)
    assert not planner_statistics.refresh_if_stale(engine), "a small database needs none"

    _add_answers(engine, 600)
    assert _analysed(engine) is None
    make_engine(url)  # the next start
    assert _analysed(engine) is not None
    assert not planner_statistics.refresh_if_stale(engine), "fresh statistics are kept"

    _add_answers(engine, 2 * _analysed(engine))
    assert planner_statistics.refresh_if_stale(engine), "doubled since: analysed again"


def _recorded_sizes(engine) -> dict[str, set[int]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT tbl, stat FROM sqlite_stat1")).all()
    sizes: dict[str, set[int]] = {}
    for table, stat in rows:
        sizes.setdefault(table, set()).add(int(stat.split()[0]))
    return sizes


def test_every_index_of_a_table_is_recorded_with_its_counted_rows(tmp_path: Path) -> None:
    """A bounded ANALYZE guesses each index's rows from a sample (the guesses differ once a
    table outgrows the sample); the planner is given the counted rows for every index."""
    engine = make_engine(f"sqlite:///{tmp_path / 'sim.db'}")
    _add_answers(engine, 6 * planner_statistics.ROWS_SCANNED)
    assert planner_statistics.refresh_if_stale(engine)
    assert _recorded_sizes(engine)["attempt"] == {6 * planner_statistics.ROWS_SCANNED}


def test_a_start_analyses_again_when_the_recorded_sizes_disagree(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    engine = make_engine(url)
    _add_answers(engine, 1000)
    make_engine(url)
    with engine.begin() as conn:  # as a bounded ANALYZE of an earlier release left them
        conn.execute(
            text(
                "UPDATE sqlite_stat1 SET stat = '517' || substr(stat, instr(stat || ' ', ' ')) "
                "WHERE idx = 'ix_attempt_progress'"
            )
        )
    assert planner_statistics.refresh_if_stale(engine), "disagreeing sizes: analysed again"
    assert _recorded_sizes(engine)["attempt"] == {1000}
    assert not planner_statistics.refresh_if_stale(engine)
