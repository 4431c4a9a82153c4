"""Engine creation: a SQLite file by default, PostgreSQL (any SQLAlchemy URL) via DATABASE_URL."""

import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from sim.domain.redaction import redact
from sim.paths import data_dir
from sim.storage import user_text_guard  # noqa: F401 - registers the write hook
from sim.storage.migrations import migrate
from sim.storage.pragmas import sqlite_pragmas

DB_FILE_NAME = "sim.db"


def database_url() -> str:
    if url := os.environ.get("DATABASE_URL"):
        # Plain postgresql:// means psycopg 3 here (the driver the project installs).
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{data_dir() / DB_FILE_NAME}"


def describe_location(url: str) -> str:
    """Where data lives, for the UI and CLI; never prints a password (nor one in the query)."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    from sqlalchemy.engine import make_url

    return redact(make_url(url).render_as_string(hide_password=True))


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine
