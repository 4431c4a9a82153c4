"""Shared page setup and cached resources."""

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from sim import catalog
from sim.domain.bank import QuestionBank
from sim.storage.db import database_url, describe_location, make_engine

log = logging.getLogger("sim.ui")


def configure_page() -> None:
    st.set_page_config(page_title="Staff interview simulator", page_icon="🎯", layout="wide")


@st.cache_resource
def _engine_for(url: str) -> Engine:
    log.info("database: %s", describe_location(url))
    return make_engine(url)


def engine() -> Engine:
    # Keyed by URL so a changed DATABASE_URL or data dir never reuses a stale engine.
    return _engine_for(database_url())


def bank() -> QuestionBank:
    return catalog.bank()


def storage_caption() -> str:
    return f"Data stored in `{describe_location(database_url())}`"
