"""Shared page setup and cached resources."""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine

from sim import catalog, service
from sim.deployment import shared_deployment
from sim.domain.bank import QuestionBank
from sim.llm.settings import SettingsError
from sim.storage.db import database_url, describe_location, make_engine
from sim.storage.failures import StorageError
from sim.storage.ownership import for_user
from sim.ui import warm_imports
from sim.ui.text import escape_markdown
from sim.user_messages import user_message

log = logging.getLogger("sim.ui")
T = TypeVar("T")
_SHOWN = "_shell_failure_shown"  # the failure already shown in this run: said once
KEPT = "Your text stays in the box and is saved as soon as the database works again."


def configure_page() -> None:
    st.set_page_config(page_title="Staff interview simulator", page_icon="🎯", layout="wide")
    warm_imports.start()


def check_settings() -> None:
    """A setting that cannot be used stops every page with one message naming it."""
    try:
        service.llm_settings()
    except SettingsError as exc:
        st.error(
            f"{escape_markdown(str(exc))}\n\nFix it in the environment or "
            "`.streamlit/secrets.toml`, then reload the page."
        )
        st.stop()


def run_page(page: Any) -> None:  # noqa: ANN401 - st.navigation's page
    """Run the chosen page. A failure the user can act on (the database down, full or
    unwritable; a data file) ends it with one message instead of a traceback."""
    st.session_state.pop(_SHOWN, None)
    try:
        page.run()
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise  # a bug: Streamlit shows it, with its traceback
        log.warning("page stopped: %s", message)
        show_failure(message)


def show_failure(message: str, then: str = "") -> None:
    """One error box per failure and run, however many places on the page meet it (the draft
    that could not be stored, then the submit that could not be either)."""
    if st.session_state.get(_SHOWN) == message:
        return
    st.session_state[_SHOWN] = message
    st.error(escape_markdown(message) + (f" {then}" if then else ""))


def report(exc: Exception, fallback: str, then: str = "") -> None:
    """A failure caught on a page: a known one in its own words, anything else logged with its
    traceback and summed up by `fallback` (the page says what could not be done)."""
    if message := user_message(exc):
        show_failure(message, then)
    else:
        log.error("%s", fallback, exc_info=exc)
        st.error(escape_markdown(fallback) + (f" {then}" if then else ""))


def stored(read: Callable[[], T], default: T) -> T:
    """A read the page can do without: while the database fails, the failure is shown (once)
    and the page goes on, so the answer box and its text stay on screen."""
    try:
        return read()
    except StorageError as exc:
        show_failure(str(exc), KEPT)
        return default


@st.cache_resource
def _engine_for(url: str) -> Engine:
    log.info("database: %s", describe_location(url))
    return make_engine(url)


def base_engine() -> Engine:
    """The process's engine (the local user's): for finding accounts, never a page's data."""
    # Keyed by URL so a changed DATABASE_URL or data dir never reuses a stale engine.
    return _engine_for(database_url())


def engine() -> Engine:
    """The engine every page reads and writes through: scoped to this browser session's user
    (sim/storage/ownership.py), the same pool for everyone."""
    from sim.ui.current_user import current_user_id  # it needs base_engine from here

    return for_user(base_engine(), current_user_id())


def plan_chosen() -> bool:
    """Whether a study plan is being followed (the app then lands on Today). A database or a
    plan file that fails here is not reported: the page that needs it says so, once."""
    from sim import study
    from sim.domain.errors import DataFileError, NotSignedInError

    try:
        return study.chosen_schedule(engine()) is not None
    except (StorageError, DataFileError, NotSignedInError):
        return False


def bank() -> QuestionBank:
    """The bank this user sees: in a shared deployment, with their own questions (kept in the
    database under their account); else with the user files, as always."""
    if shared_deployment():
        from sim import user_questions

        return user_questions.bank_for(engine())
    return catalog.bank()


def warn_set_aside() -> None:
    """Each user question file the bank left out, named with what is wrong where, once per
    page (the router calls this); the rest of the app works without it."""
    for problem in catalog.bank().set_aside:  # the files (before anyone signs in)
        details = "\n".join(f"- {escape_markdown(p)}" for p in problem.problems)
        st.warning(
            f"Your question file {escape_markdown(str(problem.path))} is not loaded; the "
            "rest of the bank works and the file is left exactly as it is. Fix or move it, "
            f"then restart the app:\n\n{details}",
            icon="⚠️",
        )


def storage_note() -> None:
    """Where the data is, under a page; not on a shared deployment, whose users need not (and
    should not) learn where the server keeps everyone's data."""
    if not shared_deployment():
        st.caption(f"Data stored in `{describe_location(database_url())}`")
