"""Study-plan and spaced-repetition tables. Created by migration step v9_study_plans."""

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from sim.storage.models import OwnedByUser, utcnow


class PlanEnrollment(OwnedByUser, SQLModel, table=True):
    """A plan the user chose, with its dates; the newest row is the plan being followed."""

    __tablename__ = "plan_enrollment"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(max_length=80, index=True)
    start_date: date
    target_date: date | None = None  # the interview: the plan is fitted to end the day before
    first_day: int = 1  # a refit after falling behind lays out the plan from this day
    chosen_at: datetime = Field(default_factory=utcnow, index=True)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class ReviewCard(OwnedByUser, SQLModel, table=True):
    """One question's FSRS card (the library's own JSON), with its due date for the queue."""

    __tablename__ = "review_card"
    # One card per question and user (since v10; before, per question).
    __table_args__ = (Index("ux_review_card_user_question", "user_id", "question_id", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: str = Field(max_length=120, index=True)
    card_json: str
    due: datetime = Field(index=True)
    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    stability: float | None = None
    reviews: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


class ReviewLog(OwnedByUser, SQLModel, table=True):
    """One graded answer taken as a review of its question's card; one per answer."""

    __tablename__ = "review_log"
    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="review_card.id", index=True)
    attempt_id: int = Field(foreign_key="attempt.id", unique=True, index=True)
    question_id: str = Field(max_length=120, index=True)
    rating: int  # fsrs.Rating 1-4
    overall: float | None = None  # the grade it came from
    reviewed_at: datetime = Field(index=True)
    due_before: datetime | None = None  # when the card was due (None: its first answer)
    due_after: datetime  # when the review set it due
    log_json: str  # the library's ReviewLog
    # Added in schema v10: whose row this is (sim/storage/ownership.py scopes every query).
    user_id: int = Field(foreign_key="user_account.id", index=True)


PLAN_TABLES = (PlanEnrollment, ReviewCard, ReviewLog)
