"""The app when its database fails: unreachable from the start, full mid-run (real SQLite with
PRAGMA max_page_count), or a real PostgreSQL server stopped mid-run. Every page shows one error
box and no exception; the text being typed stays in the answer box, and is stored once the
database works again; what was saved before stays saved."""

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import event
from sqlalchemy.engine import Engine

from sim.storage import repo
from sim.storage.db import make_engine
from tests.app_drafts import answer_box, app
from tests.conftest import need_or_skip
from tests.llama_server import free_port

PAGES = [  # (page, whether it reads the database on arrival)
    (None, True),
    ("sim/ui/app_pages/interview.py", True),
    ("sim/ui/app_pages/bank.py", False),
    ("sim/ui/app_pages/history.py", True),
    ("sim/ui/app_pages/stories.py", True),
    ("sim/ui/app_pages/settings.py", True),  # LLM usage
    ("sim/ui/app_pages/today.py", True),  # the plan chosen
]
FIRST = "An answer submitted while the database worked: FastAPI for async IO, Django for admin."
TYPED = "We pick FastAPI because the service is IO bound and async end to end. " * 900


def _errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


@pytest.mark.parametrize(("page", "reads"), PAGES)
def test_an_unreachable_database_is_one_error_box_on_every_page(monkeypatch, page, reads) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql://sim:pw@127.0.0.1:{free_port()}/sim")
    at = app().run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert len(errors) == (1 if reads else 0), errors
    assert all("cannot be reached" in e and "DATABASE_URL" in e for e in errors), errors


@contextlib.contextmanager
def _sqlite_full(monkeypatch, tmp_path: Path) -> Iterator[tuple[str, Callable, Callable]]:
    url = f"sqlite:///{tmp_path / 'data' / 'sim.db'}"
    pages: list[int] = []

    def cap(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
        dbapi_connection.execute(f"PRAGMA max_page_count={pages[0] + 2}")

    def fill() -> None:
        with make_engine(url).connect() as conn:
            pages.append(conn.exec_driver_sql("PRAGMA page_count").scalar())
        event.listen(Engine, "connect", cap)
        st.cache_resource.clear()  # the app's next engine has only capped connections

    def free() -> None:
        event.remove(Engine, "connect", cap)
        st.cache_resource.clear()

    try:
        yield url, fill, free
    finally:
        if event.contains(Engine, "connect", cap):
            event.remove(Engine, "connect", cap)
        st.cache_resource.clear()


@contextlib.contextmanager
def _postgres_stopped(monkeypatch, tmp_path: Path) -> Iterator[tuple[str, Callable, Callable]]:
    from tests.pg_server import find_bin_dir, postgres_server

    need_or_skip(find_bin_dir() is not None, "PostgreSQL server binaries are not installed")
    with postgres_server() as server:
        monkeypatch.setenv("DATABASE_URL", server.url)
        try:
            yield server.url, server.stop, server.start
        finally:
            st.cache_resource.clear()  # its engine points at a server that is gone


@pytest.mark.parametrize("failure", [_sqlite_full, _postgres_stopped], ids=["full", "pg-stopped"])
def test_a_database_failing_mid_run_keeps_the_typed_text(monkeypatch, tmp_path, failure) -> None:
    with failure(monkeypatch, tmp_path) as (url, break_it, mend_it):
        at = app().run()
        answer_box(at).input(FIRST).run()
        at.button(key="submit").click().run()
        assert not at.exception and not at.error, _errors(at)
        saved = [a.id for a in repo.list_attempts(make_engine(url))]
        assert len(saved) == 1

        break_it()
        answer_box(at).input(TYPED).run()  # its draft cannot be stored
        assert not at.exception, at.exception
        errors = _errors(at)
        assert len(errors) == 1 and "Your text stays in the box" in errors[0], errors
        at.button(key="submit").click().run()  # nor can the answer: still one message
        assert not at.exception, at.exception
        assert _errors(at) == errors
        assert any(w in errors[0] for w in ("is full", "cannot be reached", "was lost"))
        at.run()  # a rerun (or the clock's tick) while it is still down
        assert not at.exception
        assert answer_box(at).value == TYPED

        mend_it()
        at.run()
        assert not at.exception and not at.error, _errors(at)
        assert answer_box(at).value == TYPED
        stored = {a.id: a.answer for a in repo.list_attempts(make_engine(url))}
        assert stored[saved[0]] == FIRST  # saved before: still there
        assert TYPED in stored.values()  # the typed text, stored once it could be
