"""Schema migrations, applied in order on start-up. Each step is idempotent and recorded.

A short ordered list of functions is all this schema needs today; a new table or column gets a
new step here rather than an edit to an old one."""

from collections.abc import Callable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from sim.storage import models

Migration = Callable[[Engine], None]


def _v1_initial(engine: Engine) -> None:
    # Creates the current table shapes on a new database; on a database made by an older
    # release the later steps add what is missing (each checks before it alters).
    SQLModel.metadata.create_all(engine, tables=[models.Attempt.__table__, models.Grade.__table__])


_V2_GRADE_COLUMNS = {
    "temperature": "FLOAT",
    "tokens_in": "INTEGER",
    "tokens_out": "INTEGER",
    "cost_usd": "FLOAT",
    "cache_key": "VARCHAR(64)",
}


def _v2_llm_provenance(engine: Engine) -> None:
    existing = {c["name"] for c in inspect(engine).get_columns("grade")}
    with engine.begin() as conn:
        for column, sql_type in _V2_GRADE_COLUMNS.items():
            if column not in existing:
                conn.execute(text(f"ALTER TABLE grade ADD COLUMN {column} {sql_type}"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_grade_cache_key ON grade (cache_key)"))
    SQLModel.metadata.create_all(engine, tables=[models.LlmCall.__table__])


MIGRATIONS: list[Migration] = [_v1_initial, _v2_llm_provenance]
LATEST = len(MIGRATIONS)


def current_version(engine: Engine) -> int:
    models.SchemaVersion.__table__.create(engine, checkfirst=True)
    with Session(engine) as session:
        row = session.exec(select(models.SchemaVersion)).first()
        return row.version if row else 0


def migrate(engine: Engine) -> int:
    version = current_version(engine)
    for step in MIGRATIONS[version:]:
        step(engine)
        version += 1
        with Session(engine) as session:
            row = session.get(models.SchemaVersion, 1) or models.SchemaVersion(id=1, version=0)
            row.version = version
            session.add(row)
            session.commit()
    return version
