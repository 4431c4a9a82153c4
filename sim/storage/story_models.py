"""Story-bank tables (STAR stories). Created by migration step v4.

Feedback, verdict and checks are stored as JSON text, like Grade, so old grades keep their shape."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from sim.storage.models import OwnedByUser, utcnow


class Story(OwnedByUser, SQLModel, table=True):
    """One STAR story as the user wrote it."""

    __tablename__ = "story"
    __table_args__ = (Index("ux_story_user_content", "user_id", "content_key", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    lesson: str = ""
    metrics: str = ""
    role: str = Field(default="", max_length=200)
    dates: str = Field(default="", max_length=100)
    tags: str = Field(default="", max_length=1000)  # competency ids, comma-separated
    # sha256 of the normalised narrative: import skips a story whose key is already here
    # (unique per user since v10: two people may hold the same story).
    content_key: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class StoryGrade(OwnedByUser, SQLModel, table=True):
    """A story graded as a behavioral answer, on its own or against one bank question."""

    __tablename__ = "story_grade"
    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    question_id: str = Field(default="", max_length=120, index=True)  # "" = on its own
    question: str = ""  # the question text it was graded against
    grader: str = Field(max_length=40)
    model: str = Field(default="", max_length=200)
    rubric_version: str = Field(max_length=40)
    content_key: str = Field(max_length=64)  # the story's key when graded
    overall: float | None = None
    signal: str = Field(max_length=40)
    feedback_json: str
    verdict_json: str
    checks_json: str
    suggestions_json: str
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class StoryRehearsal(OwnedByUser, SQLModel, table=True):
    """A story told against the clock for one question, with the written text it was told from."""

    __tablename__ = "story_rehearsal"
    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    question_id: str = Field(default="", max_length=120, index=True)
    written: str
    told: str
    elapsed_s: int | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


STORY_TABLES: list = [Story, StoryGrade, StoryRehearsal]
