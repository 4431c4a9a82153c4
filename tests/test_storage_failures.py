"""A database that is unreachable, lost mid-run, full or unwritable: one clear message saying
what to do (CLI: non-zero exit, no traceback), and what was saved stays saved. Real SQLite (made
full for real with PRAGMA max_page_count) and a real PostgreSQL server stopped mid-run."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from sim import catalog, cli, service
from sim.storage import repo
from sim.storage.db import make_engine
from sim.storage.failures import StorageError
from sim.user_messages import user_message
from tests.cli_run import CliResult, run_cli
from tests.conftest import need_or_skip

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FILE = ROOT / "tests" / "data" / "answers" / "fastapi_vs_django_strong.txt"
QUESTION = "py-fastapi-vs-django"


@pytest.fixture
def sim(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`sim ARGS` in this process with `env` set (tests/cli_run.py)."""

    def run(*args: str, **env: str) -> CliResult:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return run_cli(capsys, *args)

    return run


def _one_clear_error(result: CliResult | tuple[int, str], *words: str) -> str:
    code, stderr = result if isinstance(result, tuple) else (result.returncode, result.stderr)
    assert code == 1, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr  # one message, said once
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_an_unreachable_database_is_one_message(tmp_path: Path, sim) -> None:
    from tests.llama_server import free_port

    url = f"postgresql://sim:hunter2secret@127.0.0.1:{free_port()}/sim"  # nothing listens
    result = sim("grade", QUESTION, str(ANSWER_FILE), DATABASE_URL=url)
    line = _one_clear_error(result, "cannot be reached", "DATABASE_URL")
    assert "hunter2secret" not in line
    assert _one_clear_error(sim("pending", DATABASE_URL=url)) == line


def test_an_unwritable_data_dir_is_one_message(tmp_path: Path, sim) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    result = sim("grade", QUESTION, str(ANSWER_FILE), SIM_DATA_DIR=str(blocker / "data"))
    _one_clear_error(result, "cannot be written", "SIM_DATA_DIR")


@pytest.fixture
def full_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, int]]:
    """The app's own database file, with every new connection capped at the pages it holds
    now plus a few: a large write then fails exactly as on a full disk (SQLITE_FULL)."""
    data = tmp_path / "data"
    monkeypatch.setenv("SIM_DATA_DIR", str(data))
    engine = make_engine()
    question = catalog.bank().get(QUESTION)
    kept = service.save_answer(engine, question, "An answer saved before the disk filled up.")
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    engine.dispose()

    def cap(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    event.listen(Engine, "connect", cap)
    try:
        yield make_engine(), kept
    finally:
        event.remove(Engine, "connect", cap)


def test_a_full_disk_is_one_message_and_keeps_what_was_saved(
    full_sqlite, tmp_path: Path, capsys
) -> None:
    engine, kept = full_sqlite
    question = catalog.bank().get(QUESTION)
    with pytest.raises(StorageError) as info:
        service.save_answer(engine, question, "a long answer " * 20000)
    assert info.value.kind == "full"
    assert "is full" in user_message(info.value) and "Free some space" in user_message(info.value)
    assert repo.get_attempt(engine, kept).answer == "An answer saved before the disk filled up."
    # The CLI says it once, with no traceback.
    answer = tmp_path / "long.txt"
    answer.write_text("We pick FastAPI for async IO. " * 5000, encoding="utf-8")
    code = cli.main(["grade", QUESTION, str(answer)])
    _one_clear_error((code, capsys.readouterr().err), "is full", "Free some space")


def test_postgresql_stopped_mid_run_is_one_message_and_keeps_what_was_saved(capsys) -> None:
    from tests.pg_server import find_bin_dir, postgres_server

    need_or_skip(find_bin_dir() is not None, "PostgreSQL server binaries are not installed")
    question = catalog.bank().get(QUESTION)
    with postgres_server() as server:
        engine = make_engine(server.url)
        kept = service.save_answer(engine, question, "Saved while the server was up.")
        server.stop()
        with pytest.raises(StorageError) as info:
            service.grade_answer(engine, question, "Typed while it was down.")
        message = user_message(info.value)
        assert info.value.kind in ("lost", "unreachable"), message
        assert "database server is running" in message or "Start the database server" in message
        os.environ["DATABASE_URL"] = server.url
        try:
            code = cli.main(["pending"])
        finally:
            del os.environ["DATABASE_URL"]
        _one_clear_error((code, capsys.readouterr().err), "postgresql", "try again")
        server.start()
        assert repo.get_attempt(engine, kept).answer == "Saved while the server was up."
        engine.dispose()
