"""Tables. Verdicts and feedback are stored as JSON text so old grades keep their exact shape."""

from datetime import UTC, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from sim.domain.statuses import AttemptStatus, FollowUpStatus, SessionStatus
from sim.domain.types import DIMENSIONS


def utcnow() -> datetime:
    return datetime.now(UTC)


LEVEL_COLUMNS = {d: f"{d}_level" for d in DIMENSIONS}  # dimension -> attempt column
PROGRESS_COLUMNS = ("submitted_at", "overall", *LEVEL_COLUMNS.values())


class OwnedByUser:
    """Marks a table whose rows belong to one user (a user_id column): sim/storage/ownership.py
    scopes every query on it to the engine's user."""


def level_columns(levels: dict[str, int | None]) -> dict[str, int | None]:
    """The attempt's level columns for a feedback's {dimension: level}."""
    return {column: levels.get(d) for d, column in LEVEL_COLUMNS.items()}


class Attempt(OwnedByUser, SQLModel, table=True):
    """One answer to one question. Saved before grading, so a failed grader loses nothing."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: str = Field(index=True, max_length=120)
    kind: str = Field(index=True, max_length=40)
    topic: str = Field(index=True, max_length=120)
    tracks: str = Field(default="", max_length=300)  # comma-separated, for filtering
    prompt: str  # the question as asked, kept in case the bank changes
    answer: str
    status: str = Field(default=AttemptStatus.DRAFT, index=True, max_length=20)
    time_limit_s: int = 0
    elapsed_s: int | None = None
    started_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = Field(default=None, index=True)
    last_error: str | None = None
    # Added in schema v3 (timed interview sessions).
    session_id: int | None = Field(default=None, foreign_key="interview_session.id", index=True)
    position: int | None = None  # order within the session
    draft_saved_at: datetime | None = None
    time_to_requirements_s: int | None = None  # system design: when requirements first appeared
    # Added in schema v5: a repeated submit finds its attempt by key; one grader at a time.
    submission_key: str | None = Field(default=None, unique=True, index=True, max_length=64)
    lease_holder: str | None = Field(default=None, max_length=120)
    lease_expires_at: datetime | None = None
    # Added in schema v6: the whiteboard (Graphviz DOT) drawn with a system-design answer.
    diagram: str | None = None
    # Added in schema v8: the latest grade's id, overall and levels, written with that grade
    # (see repo.save_grade), so History filters, counts and charts read this table's indexed
    # columns instead of finding each answer's newest grade and parsing its JSON.
    latest_grade_id: int | None = Field(default=None, index=True)
    overall: float | None = Field(default=None, index=True)
    clarity_level: int | None = Field(default=None, index=True)
    depth_level: int | None = Field(default=None, index=True)
    pragmatism_level: int | None = Field(default=None, index=True)
    ownership_level: int | None = Field(default=None, index=True)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)

    # The Progress charts read only these indexes (user; day, overall, levels; topic, overall):
    # no table rows at all. Each leads with user_id (v10): every query is one user's.
    __table_args__ = (
        Index("ix_attempt_progress", "user_id", *PROGRESS_COLUMNS),
        Index("ix_attempt_topic_overall", "user_id", "topic", "overall"),
        # Questions seen recently (the report's practice suggestions skip them): index only.
        Index("ix_attempt_started_question", "user_id", "started_at", "question_id"),
    )


class Grade(OwnedByUser, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    grader: str = Field(max_length=40)
    model: str = Field(default="", max_length=200)
    rubric_version: str = Field(max_length=40)
    prompt_id: str = Field(default="", max_length=80)
    prompt_version: str = Field(default="", max_length=40)
    prompt_hash: str = Field(default="", max_length=64)
    overall: float | None = None
    signal: str = Field(max_length=40)
    feedback_json: str
    verdict_json: str
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Added in schema v2 (LLM grading provenance and cost).
    temperature: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None
    cache_key: str | None = Field(default=None, index=True, max_length=64)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class AttemptTrack(OwnedByUser, SQLModel, table=True):
    """One row per track of an attempt (schema v8): the track filter is an indexed lookup
    where matching the comma-separated attempt.tracks was a scan of every answer."""

    __tablename__ = "attempt_track"
    track: str = Field(primary_key=True, max_length=40)
    attempt_id: int = Field(primary_key=True, foreign_key="attempt.id", index=True)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class SchemaVersion(SQLModel, table=True):
    """The count of applied steps, as releases before named steps kept it (still written)."""

    id: int = Field(default=1, primary_key=True)
    version: int


class SchemaMigration(SQLModel, table=True):
    """One applied schema step, by name (see sim/storage/schema_steps.py)."""

    __tablename__ = "schema_migration"
    name: str = Field(primary_key=True, max_length=80)
    applied_at: datetime = Field(default_factory=utcnow)


class LlmCall(OwnedByUser, SQLModel, table=True):
    """Every LLM call: what it cost and how it went. Never the key, never the prompt text."""

    __tablename__ = "llm_call"
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int | None = Field(default=None, foreign_key="attempt.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    purpose: str = Field(max_length=40)  # grade, grade:<dimension>, follow_up, test_connection
    provider: str = Field(max_length=20)
    endpoint: str = Field(default="", max_length=300)
    model: str = Field(max_length=200)
    prompt_id: str = Field(default="", max_length=80)
    prompt_version: str = Field(default="", max_length=40)
    prompt_hash: str = Field(default="", max_length=64)
    mode: str = Field(default="", max_length=40)  # structured-output mode that worked
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_estimated: bool = False
    latency_ms: float = 0.0
    cost_usd: float | None = None
    outcome: str = Field(default="ok", max_length=40)
    error: str | None = None
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class InterviewSession(OwnedByUser, SQLModel, table=True):
    """A timed mock interview: one format's questions in order (or a single question)."""

    __tablename__ = "interview_session"
    id: int | None = Field(default=None, primary_key=True)
    format_id: str = Field(default="single", max_length=80)
    title: str = Field(default="", max_length=200)
    question_ids: str = Field(max_length=4000)  # comma-separated, in order
    follow_ups_per_question: int = 1
    status: str = Field(default=SessionStatus.ACTIVE, index=True, max_length=20)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class FollowUpAnswer(OwnedByUser, SQLModel, table=True):
    """An interviewer probe after an answer, and what the candidate said (or that they declined)."""

    __tablename__ = "follow_up_answer"
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    question: str
    dimension: str = Field(max_length=20)
    source: str = Field(default="bank", max_length=20)  # bank|llm
    answer: str = ""
    status: str = Field(default=FollowUpStatus.ASKED, max_length=20)
    asked_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class InterviewEvent(OwnedByUser, SQLModel, table=True):
    """What happened in the interview room during one answer, stored as it happened: a clarifying
    question with the interviewer's reply, a phase entered, the requirement change announced."""

    __tablename__ = "interview_event"
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    kind: str = Field(max_length=20)  # RoomEventKind
    at_s: float  # seconds into the answer
    text: str  # the candidate's question, the phase id, or the announcement
    reply: str = ""  # the interviewer's reply to a question
    source: str = Field(default="", max_length=20)  # notes|llm|none for a question
    facts_json: str = "[]"  # the facts a reply gave, as their answers
    created_at: datetime = Field(default_factory=utcnow)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


# The account that owns what the single-user app and the CLI store (no identity provider).
LOCAL_ISSUER = "local"
LOCAL_SUBJECT = "local"


class UserAccountRow(SQLModel, table=True):
    """One person (schema v10). The local user (issuer "local") owns what the single-user app
    and the CLI write; a signed-in user is found by OpenID Connect issuer and subject, never by
    email (an email can change)."""

    __tablename__ = "user_account"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_user_account_identity"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=300)
    email: str = Field(default="", max_length=320, index=True)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
