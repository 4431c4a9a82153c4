"""Stored things as the rest of the app sees them (the storage edge maps its tables to these)."""

from datetime import datetime

from pydantic import BaseModel

from sim.domain.feedback import Feedback
from sim.domain.statuses import AttemptStatus, FollowUpStatus, SessionStatus
from sim.domain.types import RoomEventKind
from sim.domain.verdict import Verdict


class GradeRecord(BaseModel):
    id: int
    attempt_id: int
    grader: str
    model: str
    rubric_version: str
    prompt_id: str
    prompt_version: str
    prompt_hash: str
    temperature: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None
    overall: float | None
    signal: str
    feedback: Feedback
    verdict: Verdict
    created_at: datetime


class AttemptRecord(BaseModel):
    id: int
    question_id: str
    kind: str
    topic: str
    tracks: list[str]
    prompt: str
    answer: str
    status: AttemptStatus
    time_limit_s: int
    elapsed_s: int | None
    started_at: datetime
    submitted_at: datetime | None
    last_error: str | None
    session_id: int | None = None
    position: int | None = None
    time_to_requirements_s: int | None = None
    draft_saved_at: datetime | None = None  # when the draft's text was last stored
    submission_key: str | None = None
    lease_holder: str | None = None  # who is grading it now (see sim/leases.py)
    lease_expires_at: datetime | None = None
    diagram: str | None = None  # the whiteboard's DOT text, kept verbatim (system design)
    grades: list[GradeRecord] = []

    @property
    def latest_grade(self) -> GradeRecord | None:
        return self.grades[-1] if self.grades else None


class FollowUpRecord(BaseModel):
    id: int
    attempt_id: int
    question: str
    dimension: str
    source: str
    answer: str
    status: FollowUpStatus
    asked_at: datetime
    answered_at: datetime | None


class SessionRecord(BaseModel):
    id: int
    format_id: str
    title: str
    question_ids: list[str]
    follow_ups_per_question: int
    status: SessionStatus
    started_at: datetime
    finished_at: datetime | None
    attempt_ids: list[int] = []


class RoomEventRecord(BaseModel):
    id: int
    attempt_id: int
    kind: RoomEventKind
    at_s: float
    text: str
    reply: str
    source: str
    facts: list[str]
    created_at: datetime
