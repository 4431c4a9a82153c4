"""Mentoring tables (schema step v11_mentoring): a candidate's read grant to a mentor, and a
mentor's comments on the candidate's answers.

They span two users on purpose, so they are not owned tables (sim/storage/ownership.py): every
read and write goes through sim/mentoring.py, which checks the grant."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from sim.storage.models import utcnow

COMMENT_MAX_CHARS = 4000


class MentorGrant(SQLModel, table=True):
    """The candidate lets whoever signs in with mentor_email read their answers (until revoked)."""

    __tablename__ = "mentor_grant"
    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="user_account.id", index=True)
    mentor_email: str = Field(max_length=320, index=True)  # stored lower-case
    granted_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class AnswerComment(SQLModel, table=True):
    """A mentor's comment on one of the candidate's answers."""

    __tablename__ = "answer_comment"
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    candidate_id: int = Field(foreign_key="user_account.id", index=True)
    mentor_id: int = Field(foreign_key="user_account.id")
    body: str
    created_at: datetime = Field(default_factory=utcnow, index=True)


MENTOR_TABLES = (MentorGrant, AnswerComment)
