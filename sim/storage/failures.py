"""Database failures as the product names them. Every error the engine raises passes through
`on_engine_error` (SQLAlchemy's handle_error hook), so a database that is unreachable, lost
mid-run, full or unwritable reaches the caller as one StorageError that says where and what to
do, on SQLite and PostgreSQL alike. Integrity errors and the like pass through unchanged."""

import errno
import sqlite3
from typing import Any

from sim.domain.redaction import redact

DETAIL_MAX_CHARS = 200
# PostgreSQL SQLSTATE classes and codes (psycopg exposes them as .sqlstate).
_PG_FULL = ("53100",)  # disk_full
_PG_LOST = ("57P01", "57P02", "57P03", "08006", "08003", "08007")  # shutdown, connection lost
_SQLITE_UNWRITABLE = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM)
_OS_UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST)


class StorageError(RuntimeError):
    """`kind`: unreachable, lost, full, unwritable, busy; str(): the sentence for the user."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


def _detail(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return redact(first)[:DETAIL_MAX_CHARS]


def _sentence(kind: str, where: str, detail: str) -> str:
    if kind == "full":
        return (
            f"The disk holding the database {where} is full ({detail}). Free some space, "
            "then try again."
        )
    if kind == "unwritable":
        return (
            f"The database {where} cannot be written ({detail}). Make its directory writable, "
            "or set SIM_DATA_DIR to one you can write, then try again."
        )
    if kind == "lost":
        return (
            f"The connection to the database {where} was lost ({detail}). Check that the "
            "database server is running, then try again."
        )
    if kind == "unreachable":
        return (
            f"The database {where} cannot be reached ({detail}). Start the database server "
            "or fix DATABASE_URL, then try again."
        )
    return f"The database {where} is busy or failed ({detail}). Try again in a moment."


def classify(exc: BaseException) -> str | None:
    """The kind of storage failure `exc` (a driver or OS error) is, or None for anything else."""
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno == errno.ENOSPC:
            return "full"
        return "unwritable" if exc.errno in _OS_UNWRITABLE or exc.errno == errno.ENOENT else None
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL:
            return "full"
        if code is not None and (code & 0xFF) in _SQLITE_UNWRITABLE:
            return "unwritable"
        if code is not None and (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "busy"
        if code is not None and (code & 0xFF) == sqlite3.SQLITE_IOERR:
            return "unwritable"
        return None
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate in _PG_FULL:
        return "full"
    if sqlstate in _PG_LOST:
        return "lost"
    if type(exc).__name__ == "OperationalError" and type(exc).__module__.startswith("psycopg"):
        # No SQLSTATE: the client library itself could not connect, or lost the connection.
        text = str(exc).lower()
        return "unreachable" if "connection failed" in text or "connect" in text[:40] else "lost"
    return None


def storage_error(exc: BaseException, where: str) -> StorageError | None:
    kind = classify(exc)
    return StorageError(kind, _sentence(kind, where, _detail(exc))) if kind else None


def on_engine_error(context: Any) -> BaseException | None:  # noqa: ANN401 - ExceptionContext
    """SQLAlchemy handle_error hook: replace a storage failure by its StorageError."""
    if context.is_pre_ping or context.engine is None:
        return None  # the pool is checking a connection: let it reconnect
    from sim.storage.db import describe_location

    where = describe_location(context.engine.url.render_as_string(hide_password=True))
    return storage_error(context.original_exception, where)
