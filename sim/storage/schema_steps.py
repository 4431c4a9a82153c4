"""The schema's history as named steps, applied in order by sim/storage/migrations.py.

A step is frozen once released: a new table or column is a new step, never an edit to an old
one, so a database created today and one upgraded from the first release end up the same.
Steps get a connection inside the runner's transaction and must not commit."""

from collections.abc import Callable

from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from sim.storage import models, plan_models

Step = Callable[[Connection], None]

# The attempt and grade tables as the first release created them.
_V1 = MetaData()
Table(
    "attempt",
    _V1,
    Column("id", Integer, primary_key=True),
    Column("question_id", AutoString(120), nullable=False, index=True),
    Column("kind", AutoString(40), nullable=False, index=True),
    Column("topic", AutoString(120), nullable=False, index=True),
    Column("tracks", AutoString(300), nullable=False),
    Column("prompt", AutoString, nullable=False),
    Column("answer", AutoString, nullable=False),
    Column("status", AutoString(20), nullable=False, index=True),
    Column("time_limit_s", Integer, nullable=False),
    Column("elapsed_s", Integer),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("submitted_at", UTCDateTime(), index=True),
    Column("last_error", AutoString),
)
Table(
    "grade",
    _V1,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, ForeignKey("attempt.id"), nullable=False, index=True),
    Column("grader", AutoString(40), nullable=False),
    Column("model", AutoString(200), nullable=False),
    Column("rubric_version", AutoString(40), nullable=False),
    Column("prompt_id", AutoString(80), nullable=False),
    Column("prompt_version", AutoString(40), nullable=False),
    Column("prompt_hash", AutoString(64), nullable=False),
    Column("overall", Float),
    Column("signal", AutoString(40), nullable=False),
    Column("feedback_json", AutoString, nullable=False),
    Column("verdict_json", AutoString, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False, index=True),
)


def _v1_initial(conn: Connection) -> None:
    _V1.create_all(conn, checkfirst=True)


def _v2_llm_provenance(conn: Connection) -> None:
    _add_columns(
        conn,
        "grade",
        {
            "temperature": Float(),
            "tokens_in": Integer(),
            "tokens_out": Integer(),
            "cost_usd": Float(),
            "cache_key": AutoString(64),
        },
    )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_grade_cache_key ON grade (cache_key)"))
    # llm_call has not changed since this step; a change to it needs a new step.
    SQLModel.metadata.create_all(conn, tables=[models.LlmCall.__table__])


def _v3_interview_sessions(conn: Connection) -> None:
    # Both tables unchanged since this step (see _v2 on llm_call).
    SQLModel.metadata.create_all(
        conn, tables=[models.InterviewSession.__table__, models.FollowUpAnswer.__table__]
    )
    _add_columns(
        conn,
        "attempt",
        {
            "session_id": Integer(),
            "position": Integer(),
            "draft_saved_at": UTCDateTime(),
            "time_to_requirements_s": Integer(),
        },
        references={"session_id": "interview_session (id)"},
    )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_attempt_session_id ON attempt (session_id)"))


def _v4_story_bank(conn: Connection) -> None:
    from sim.storage.story_models import STORY_TABLES

    SQLModel.metadata.create_all(conn, tables=[t.__table__ for t in STORY_TABLES])


def _v5_submission_key_and_grading_lease(conn: Connection) -> None:
    _add_columns(
        conn,
        "attempt",
        {
            "submission_key": AutoString(64),
            "lease_holder": AutoString(120),
            "lease_expires_at": UTCDateTime(),
        },
    )
    conn.execute(
        text(
            "CREATE UNIQUE INDEX IF NOT EXISTS ix_attempt_submission_key "
            "ON attempt (submission_key)"
        )
    )


def _v6_interview_room(conn: Connection) -> None:
    # Unchanged since this step (see _v2 on llm_call).
    SQLModel.metadata.create_all(conn, tables=[models.InterviewEvent.__table__])


def _v7_attempt_diagram(conn: Connection) -> None:
    _add_columns(conn, "attempt", {"diagram": AutoString()})


def _v8_study_plans(conn: Connection) -> None:
    # Unchanged since this step (see _v2 on llm_call).
    SQLModel.metadata.create_all(conn, tables=[t.__table__ for t in plan_models.PLAN_TABLES])


def _add_columns(
    conn: Connection,
    table: str,
    columns: dict[str, TypeEngine],
    references: dict[str, str] | None = None,
) -> None:
    """Add the missing columns, typed exactly as create_all would type them on this engine."""
    existing = {c["name"] for c in inspect(conn).get_columns(table)}
    for column, sa_type in columns.items():
        if column in existing:
            continue
        sql_type = sa_type.compile(dialect=conn.dialect)
        ref = f" REFERENCES {references[column]}" if references and column in references else ""
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}{ref}"))


# Names are what the database records: never rename or reorder a released step.
STEPS: list[tuple[str, Step]] = [
    ("v1_initial", _v1_initial),
    ("v2_llm_provenance", _v2_llm_provenance),
    ("v3_interview_sessions", _v3_interview_sessions),
    ("v4_story_bank", _v4_story_bank),
    ("v5_submission_key_and_grading_lease", _v5_submission_key_and_grading_lease),
    ("v6_interview_room", _v6_interview_room),
    ("v7_attempt_diagram", _v7_attempt_diagram),
    ("v8_study_plans", _v8_study_plans),
]
