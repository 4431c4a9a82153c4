"""The schema's history as named steps, applied in order by sim/storage/migrations.py.

A step is frozen once released: a new table or column is a new step, never an edit to an old
one, so a database created today and one upgraded from the first release end up the same.
Steps get a connection inside the runner's transaction and must not commit."""

import json
from collections.abc import Callable

from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from sim.domain.types import DIMENSIONS
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


# The tables later steps create, as those steps created them: today's models without the columns
# and indexes that v10 added (owners), so a fresh database passes through the same shapes as an
# upgraded one. The stub attempt table is only a foreign-key target, never created from here.
_RELEASED = MetaData(naming_convention=SQLModel.metadata.naming_convention)
Table("attempt", _RELEASED, Column("id", Integer, primary_key=True))
_ADDED_BY_V10 = "user_id"


def _released(model: type[SQLModel], unique: set[str]) -> Table:
    source: Table = model.__table__  # type: ignore[attr-defined]
    if source.name in _RELEASED.tables:
        return _RELEASED.tables[source.name]
    columns = []
    for column in source.columns:
        if column.name == _ADDED_BY_V10:
            continue
        copy = column._copy()
        if f"{source.name}.{column.name}" in unique:
            copy.unique = True  # unique on its own until v10 made it unique per owner
        columns.append(copy)
    return Table(source.name, _RELEASED, *columns)


def _create_released(
    conn: Connection, *tables: type[SQLModel], unique: set[str] = frozenset()
) -> None:
    _RELEASED.create_all(conn, tables=[_released(t, set(unique)) for t in tables])


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
    _create_released(conn, models.LlmCall)


def _v3_interview_sessions(conn: Connection) -> None:
    # Both tables unchanged since this step (see _v2 on llm_call).
    _create_released(conn, models.InterviewSession, models.FollowUpAnswer)
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

    # Story keys were unique across the database until v10 made them unique per user.
    _create_released(conn, *STORY_TABLES, unique={"story.content_key"})


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
    _create_released(conn, models.InterviewEvent)


def _v7_attempt_diagram(conn: Connection) -> None:
    _add_columns(conn, "attempt", {"diagram": AutoString()})


def _v8_history_columns(conn: Connection) -> None:
    """The latest grade's figures on attempt and the attempt_track table, filled from what is
    stored (History reads indexed columns from here on, not each grade's JSON)."""
    columns = {"latest_grade_id": Integer(), "overall": Float()}
    columns |= {f"{d}_level": Integer() for d in DIMENSIONS}
    _add_columns(conn, "attempt", columns)
    for column in columns:
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_attempt_{column} ON attempt ({column})"))
    progress = ", ".join(["submitted_at", "overall", *(f"{d}_level" for d in DIMENSIONS)])
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_attempt_progress ON attempt ({progress})"))
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_attempt_topic_overall ON attempt (topic, overall)")
    )
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_attempt_started_question "
            "ON attempt (started_at, question_id)"
        )
    )
    # Unchanged since this step (see _v2 on llm_call).
    _create_released(conn, models.AttemptTrack)
    _backfill_latest_grades(conn)
    _backfill_tracks(conn)


def _backfill_tracks(conn: Connection) -> None:
    rows = [
        {"track": track, "attempt_id": attempt_id}
        for attempt_id, tracks in conn.execute(text("SELECT id, tracks FROM attempt"))
        for track in dict.fromkeys(t for t in (tracks or "").split(",") if t)
    ]
    if rows:
        conn.execute(
            text("INSERT INTO attempt_track (track, attempt_id) VALUES (:track, :attempt_id)"),
            rows,
        )


def _backfill_latest_grades(conn: Connection, chunk: int = 2000) -> None:
    """Each attempt's newest grade (highest id) copied onto it, a chunk of grades at a time.
    A grade whose JSON cannot be read gives empty levels (History showed none for it before)."""
    levels = [f"{d}_level" for d in DIMENSIONS]
    assignments = ", ".join(f"{c} = :{c}" for c in ["latest_grade_id", "overall", *levels])
    update = text(f"UPDATE attempt SET {assignments} WHERE id = :attempt_id")
    newest = (
        "SELECT g.id, g.attempt_id, g.overall, g.feedback_json FROM grade g WHERE g.id > :last "
        "AND NOT EXISTS (SELECT 1 FROM grade n WHERE n.attempt_id = g.attempt_id AND n.id > g.id) "
        "ORDER BY g.id LIMIT :n"
    )
    last = 0
    while rows := conn.execute(text(newest), {"last": last, "n": chunk}).all():
        conn.execute(
            update,
            [
                {
                    "attempt_id": attempt_id,
                    "latest_grade_id": grade_id,
                    "overall": overall,
                    **_levels_of(feedback, levels),
                }
                for grade_id, attempt_id, overall, feedback in rows
            ],
        )
        last = rows[-1][0]


def _levels_of(feedback_json: str, columns: list[str]) -> dict[str, int | None]:
    found: dict[str, int | None] = dict.fromkeys(columns)
    try:
        for dimension in json.loads(feedback_json).get("dimensions", []):
            column = f"{dimension.get('dimension')}_level"
            level = dimension.get("level")
            if column in found and (level is None or isinstance(level, int)):
                found[column] = level
    except (ValueError, AttributeError, TypeError):
        pass
    return found


def _v9_study_plans(conn: Connection) -> None:
    # Unchanged since this step (see _v2 on llm_call).
    # A card per question until v10 made it one per question and user.
    _create_released(conn, *plan_models.PLAN_TABLES, unique={"review_card.question_id"})


# The tables whose rows belong to a user, as of v10 (a later owned table gets its own step).
_OWNED_AT_V10 = (
    "attempt", "grade", "attempt_track", "interview_session", "follow_up_answer",
    "interview_event", "story", "story_grade", "story_rehearsal", "plan_enrollment",
    "review_card", "review_log", "llm_call",
)  # fmt: skip


def _v10_user_accounts(conn: Connection) -> None:
    """Accounts, and an owner on every owned row: what was stored before belongs to the local
    user (created here). The owner is required: NOT NULL on PostgreSQL; on SQLite, which cannot
    add a required column without a default, the default is 0, an id no account has, so a row
    written without an owner is nobody's (never the local user's)."""
    SQLModel.metadata.create_all(conn, tables=[models.UserAccountRow.__table__])
    local = _local_account(conn)
    sqlite = conn.dialect.name == "sqlite"
    for table in _OWNED_AT_V10:
        if _ADDED_BY_V10 not in {c["name"] for c in inspect(conn).get_columns(table)}:
            kind = (
                "INTEGER NOT NULL DEFAULT 0" if sqlite else "INTEGER REFERENCES user_account (id)"
            )
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN user_id {kind}"))
        conn.execute(
            text(f"UPDATE {table} SET user_id = :local WHERE user_id IS NULL OR user_id = 0"),
            {"local": local},
        )
        if not sqlite:
            conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN user_id SET NOT NULL"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_user_id ON {table} (user_id)"))
    # History's covering indexes lead with the owner: every query now reads one user's rows.
    progress = ", ".join(["user_id", *models.PROGRESS_COLUMNS])
    for name, columns in (
        ("ix_attempt_progress", progress),
        ("ix_attempt_topic_overall", "user_id, topic, overall"),
        ("ix_attempt_started_question", "user_id, started_at, question_id"),
    ):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON attempt ({columns})"))
    # A story key and a question's review card are unique per user, no longer per database.
    for table, column, unique in (
        ("story", "content_key", "ux_story_user_content"),
        ("review_card", "question_id", "ux_review_card_user_question"),
    ):
        conn.execute(text(f"DROP INDEX IF EXISTS ix_{table}_{column}"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column} ON {table} ({column})"))
        conn.execute(
            text(f"CREATE UNIQUE INDEX IF NOT EXISTS {unique} ON {table} (user_id, {column})")
        )


def _local_account(conn: Connection) -> int:
    identity = {"issuer": models.LOCAL_ISSUER, "subject": models.LOCAL_SUBJECT}
    find = text("SELECT id FROM user_account WHERE issuer = :issuer AND subject = :subject")
    if (found := conn.execute(find, identity).scalar()) is None:
        conn.execute(
            models.UserAccountRow.__table__.insert().values(
                **identity,
                email="",
                display_name="",
                created_at=models.utcnow(),
            )
        )
        found = conn.execute(find, identity).scalar_one()
    return found


def _v11_mentoring(conn: Connection) -> None:
    from sim.storage.mentor_models import MENTOR_TABLES

    # New tables: unchanged since this step (see _v2 on llm_call).
    SQLModel.metadata.create_all(conn, tables=[t.__table__ for t in MENTOR_TABLES])


def _v12_user_questions(conn: Connection) -> None:
    from sim.storage.question_models import UserQuestion

    # A new owned table, created with its owner (unchanged since this step, see _v2).
    SQLModel.metadata.create_all(conn, tables=[UserQuestion.__table__])


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
    ("v8_history_columns", _v8_history_columns),
    ("v9_study_plans", _v9_study_plans),
    ("v10_user_accounts", _v10_user_accounts),
    ("v11_mentoring", _v11_mentoring),
    ("v12_user_questions", _v12_user_questions),
]
