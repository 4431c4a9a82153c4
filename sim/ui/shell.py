"""Shared page setup and cached resources."""

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from sim import catalog, service
from sim.domain.bank import QuestionBank
from sim.llm.settings import SettingsError
from sim.storage.db import database_url, describe_location, make_engine
from sim.ui.text import escape_markdown

log = logging.getLogger("sim.ui")


def configure_page() -> None:
    st.set_page_config(page_title="Staff interview simulator", page_icon="🎯", layout="wide")


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


@st.cache_resource
def _engine_for(url: str) -> Engine:
    log.info("database: %s", describe_location(url))
    return make_engine(url)


def engine() -> Engine:
    # Keyed by URL so a changed DATABASE_URL or data dir never reuses a stale engine.
    return _engine_for(database_url())


def bank() -> QuestionBank:
    return catalog.bank()


def warn_set_aside() -> None:
    """Each user question file the bank left out, named with what is wrong where, once per
    page (the router calls this); the rest of the app works without it."""
    for problem in bank().set_aside:
        details = "\n".join(f"- {escape_markdown(p)}" for p in problem.problems)
        st.warning(
            f"Your question file {escape_markdown(str(problem.path))} is not loaded; the "
            "rest of the bank works and the file is left exactly as it is. Fix or move it, "
            f"then restart the app:\n\n{details}",
            icon="⚠️",
        )


def storage_caption() -> str:
    return f"Data stored in `{describe_location(database_url())}`"
