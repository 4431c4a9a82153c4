"""Empty databases for tests that need several at once or several processes on one."""

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url


@contextlib.contextmanager
def empty_database(kind: str, tmp_path: Path, server_url: str | None) -> Iterator[str]:
    """A URL to a database nobody has opened: a new SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"sim_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def schema_of(engine: Engine) -> dict:
    """Tables with their columns (type, nullability) and indexes, as the database reports them."""
    found = inspect(engine)
    shape = {}
    for table in sorted(found.get_table_names()):
        columns = {c["name"]: (str(c["type"]), c["nullable"]) for c in found.get_columns(table)}
        indexes = {
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in found.get_indexes(table)
        }
        shape[table] = {"columns": columns, "indexes": indexes}
    return shape
