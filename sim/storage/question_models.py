"""A user's own questions in a shared deployment (schema step v12_user_questions): one row per
question, its record as the bank file holds it, so it is validated exactly like the YAML file
the single-user app keeps."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from sim.storage.models import OwnedByUser, utcnow


class UserQuestion(OwnedByUser, SQLModel, table=True):
    __tablename__ = "user_question"
    __table_args__ = (Index("ux_user_question_user_id", "user_id", "question_id", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    question_id: str = Field(max_length=120)
    record_json: str  # the question as a bank file's entry
    topic_json: str = ""  # a new topic it brought ({"id", "title"}), else ""
    created_at: datetime = Field(default_factory=utcnow)
