"""Engine creation: a SQLite file by default, PostgreSQL (any SQLAlchemy URL) via DATABASE_URL."""

import os
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from sim.domain.redaction import redact
from sim.paths import data_dir
from sim.storage import user_text_guard  # noqa: F401 - registers the write hook
from sim.storage.failures import on_engine_error, storage_error
from sim.storage.migrations import current_version, migrate
from sim.storage.models import LOCAL_ISSUER, LOCAL_SUBJECT, UserAccountRow
from sim.storage.ownership import for_user
from sim.storage.planner_statistics import analyse_after_upgrade, refresh_if_stale
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
    """The engine, its schema brought up to date, scoped to the local user (see
    sim/storage/ownership.py). A database that cannot be reached, written or grown raises
    StorageError (sim/storage/failures.py), here and on every later use."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, str(path)) or exc from exc
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "handle_error", on_engine_error)
    try:
        before = current_version(engine)
        if migrate(engine) != before and before:
            analyse_after_upgrade(engine)  # an upgrade filled new indexed columns
        else:
            refresh_if_stale(engine)
    except OSError as exc:  # the migration lock file beside the database
        raise storage_error(exc, describe_location(url)) or exc from exc
    # The single-user app and the CLI act as the local user; the app scopes each signed-in
    # user's engine itself (for_user).
    return for_user(engine, local_user_id(engine))


def local_user_id(engine: Engine) -> int:
    """The local user's id (schema step v10 created the account)."""
    query = select(UserAccountRow.id).where(
        UserAccountRow.issuer == LOCAL_ISSUER, UserAccountRow.subject == LOCAL_SUBJECT
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()
