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
    SQLModel.metadata.create_all(
        engine,
        tables=[
            models.InterviewSession.__table__,
            models.Attempt.__table__,
            models.Grade.__table__,
        ],
    )


_V2_GRADE_COLUMNS = {
    "temperature": "FLOAT",
    "tokens_in": "INTEGER",
    "tokens_out": "INTEGER",
    "cost_usd": "FLOAT",
    "cache_key": "VARCHAR(64)",
}


def _v2_llm_provenance(engine: Engine) -> None:
    _add_columns(engine, "grade", _V2_GRADE_COLUMNS)
    with engine.begin() as conn:
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_grade_cache_key ON grade (cache_key)"))
    SQLModel.metadata.create_all(engine, tables=[models.LlmCall.__table__])


_V3_ATTEMPT_COLUMNS = {
    "session_id": "INTEGER REFERENCES interview_session (id)",
    "position": "INTEGER",
    "draft_saved_at": "TIMESTAMP WITH TIME ZONE",
    "time_to_requirements_s": "INTEGER",
}


def _v3_interview_sessions(engine: Engine) -> None:
    SQLModel.metadata.create_all(
        engine, tables=[models.InterviewSession.__table__, models.FollowUpAnswer.__table__]
    )
    _add_columns(engine, "attempt", _V3_ATTEMPT_COLUMNS)
    with engine.begin() as conn:
        conn.execute(
            text("CREATE INDEX IF NOT EXISTS ix_attempt_session_id ON attempt (session_id)")
        )


def _v4_story_bank(engine: Engine) -> None:
    from sim.storage.story_models import STORY_TABLES

    SQLModel.metadata.create_all(engine, tables=[t.__table__ for t in STORY_TABLES])


def _add_columns(engine: Engine, table: str, columns: dict[str, str]) -> None:
    existing = {c["name"] for c in inspect(engine).get_columns(table)}
    with engine.begin() as conn:
        for column, sql_type in columns.items():
            if column not in existing:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_llm_provenance,
    _v3_interview_sessions,
    _v4_story_bank,
]
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
