"""Schema migrations, applied on start-up by whichever process gets there first.

Every process that opens the database calls migrate(): the first to take the migration lock
applies the missing steps, the others wait and then find nothing to do. Each step and the record
of it commit together, so a crash mid-step leaves the step unapplied, never half-recorded. A
database recording a step this code does not know was upgraded by a newer release: refused."""

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel, create_engine

from sim.domain.errors import SchemaTooNewError
from sim.file_lock import locked
from sim.storage import (  # noqa: F401 - every table in the metadata
    mentor_models,
    models,
    question_models,
)
from sim.storage.failures import on_engine_error
from sim.storage.pragmas import sqlite_pragmas
from sim.storage.schema_steps import STEPS

LATEST = len(STEPS)
_KNOWN = [name for name, _ in STEPS]
# pg_advisory_lock key: any fixed 64-bit number, the same in every release.
_PG_LOCK_KEY = 0x51D_5C4E_3A
_BOOKKEEPING = [models.SchemaVersion.__table__, models.SchemaMigration.__table__]


def _sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    return Path(database) if database and database != ":memory:" else None


def _sqlite_transactional(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
    # pysqlite commits before DDL on its own; take transactions over so a step is atomic.
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock now, not mid-step


@contextlib.contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection that holds the migration lock until it is closed."""
    if engine.dialect.name == "sqlite":
        # A connection of its own: the app's pool keeps pysqlite's usual transaction handling.
        own = create_engine(engine.url, poolclass=NullPool)
        event.listen(own, "connect", sqlite_pragmas)
        event.listen(own, "connect", _sqlite_transactional)
        event.listen(own, "begin", _sqlite_begin_immediate)
        event.listen(own, "handle_error", on_engine_error)
        path = _sqlite_path(engine)
        lock = locked(path.with_name(path.name + ".migrate.lock")) if path else _nothing()
        try:
            with lock, own.connect() as conn:
                yield conn
        finally:
            own.dispose()
        return
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_LOCK_KEY})
                conn.commit()
        else:
            yield conn


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


def _applied(conn: Connection) -> list[str]:
    """Applied step names; a database from before named steps is read from its version number."""
    with conn.begin():
        SQLModel.metadata.create_all(conn, tables=_BOOKKEEPING)
        names = list(conn.execute(select(models.SchemaMigration.__table__.c.name)).scalars())
        if names:
            return names
        row = conn.execute(select(models.SchemaVersion.__table__.c.version)).first()
        legacy = row[0] if row else 0
        for name in _KNOWN[:legacy]:
            _record(conn, name)
        return _KNOWN[:legacy]


def _record(conn: Connection, name: str) -> None:
    conn.execute(
        models.SchemaMigration.__table__.insert().values(name=name, applied_at=datetime.now(UTC))
    )
    count = conn.execute(text("SELECT COUNT(*) FROM schema_migration")).scalar_one()
    versions = models.SchemaVersion.__table__
    conn.execute(versions.delete())
    conn.execute(versions.insert().values(id=1, version=count))


def _refuse_newer(engine: Engine, applied: list[str]) -> None:
    unknown = [name for name in applied if name not in _KNOWN]
    if unknown:
        where = make_url(engine.url).render_as_string(hide_password=True)
        raise SchemaTooNewError(
            f"The database {where} was upgraded by a newer release of the simulator (schema "
            f"steps this release does not know: {', '.join(unknown)}). Upgrade the simulator "
            "to use it; nothing was changed."
        )


def current_version(engine: Engine) -> int:
    """How many of this release's steps the database has (LATEST when up to date)."""
    with _migration_connection(engine) as conn:
        applied = set(_applied(conn))
    return sum(1 for name in _KNOWN if name in applied)


def migrate(engine: Engine, *, until: str | None = None) -> int:
    """Apply the missing steps in order (up to and including `until`, for tests of upgrades)."""
    with _migration_connection(engine) as conn:
        applied = _applied(conn)
        _refuse_newer(engine, applied)
        for name, step in STEPS:
            if name not in applied:
                with conn.begin():
                    step(conn)
                    _record(conn, name)
                applied.append(name)
            if name == until:
                break
    return sum(1 for name in _KNOWN if name in applied)
