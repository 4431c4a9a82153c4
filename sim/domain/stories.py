"""Story-bank types: what a user writes, what is stored, a story's content key. Pure pydantic."""

import hashlib
import re
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from sim.domain.feedback import Feedback
from sim.domain.user_text import clean_text
from sim.domain.verdict import Verdict

STAFF_BAR = 2.75  # overall at or above this is the rubric's "Staff" signal (rubrics/staff.yaml)
MILESTONE_QUESTIONS = 15  # the seeds' milestone: 15+ questions covered by a Staff-level story

# The narrative parts in the order a story is told, with their labels.
STAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("situation", "Situation"),
    ("task", "Task"),
    ("action", "Action"),
    ("result", "Result"),
    ("lesson", "Lesson"),
)


class StoryError(ValueError):
    """A story cannot be saved, found, graded or imported; the message says why."""


def _clean_block(text: str) -> str:
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_line(text: str) -> str:
    return " ".join(clean_text(text).split())


class StoryFields(BaseModel):
    """Everything the user writes about one story. Text is normalised on the way in (line endings,
    surrounding blanks), so what is stored is exactly what an export writes back."""

    title: str = Field(min_length=1, max_length=200)
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    lesson: str = ""
    metrics: str = ""
    role: str = Field(default="", max_length=200)
    dates: str = Field(default="", max_length=100)
    tags: list[str] = Field(default_factory=list)  # competency ids

    @field_validator("title", "role", "dates", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        return _clean_line(value) if isinstance(value, str) else value

    @field_validator("situation", "task", "action", "result", "lesson", "metrics", mode="before")
    @classmethod
    def _block(cls, value: object) -> object:
        return _clean_block(value) if isinstance(value, str) else value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            cleaned = [str(t).strip().lower() for t in value]
            return list(dict.fromkeys(t for t in cleaned if t))
        return value

    def content_key(self) -> str:
        """Identity of the story's narrative (title and STAR text), ignoring case and spacing:
        the same story imported twice has the same key."""
        parts = [self.title, *(getattr(self, name) for name, _ in STAR_FIELDS)]
        normal = "\x1f".join(re.sub(r"\s+", " ", p).strip().lower() for p in parts)
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()

    def fields_only(self) -> "StoryFields":
        return StoryFields.model_validate(self.model_dump(include=set(StoryFields.model_fields)))


class StoryRecord(StoryFields):
    """A stored story."""

    id: int
    created_at: datetime
    updated_at: datetime


class StoryChecks(BaseModel):
    """Story-specific signals computed by plain code from the fields (see sim.stories.checks)."""

    parts: dict[str, int]  # words per STAR part and lesson
    star_complete: bool
    i_count: int
    we_count: int
    action_i_share: float | None  # share of "I" among I/we words in the Action, None if neither
    quantified: bool
    numbers: list[str]
    scope: list[str]  # cross-team / organisation words found
    influence: list[str]
    ambiguity: list[str]
    reflection: bool
    words: int
    speaking_s: int


class StoryGradeRecord(BaseModel):
    """One grading of a story, as stored."""

    id: int
    story_id: int
    question_id: str  # "" when graded on its own (a generic question from its competencies)
    question: str  # the question text it was graded against
    grader: str
    model: str
    rubric_version: str
    content_key: str  # the story's key when graded: a different key now means it was edited
    overall: float | None
    signal: str
    feedback: Feedback
    verdict: Verdict
    checks: StoryChecks
    suggestions: list[str]
    cost_usd: float | None = None
    created_at: datetime

    @property
    def staff_level(self) -> bool:
        return self.overall is not None and self.overall >= STAFF_BAR


class RehearsalRecord(BaseModel):
    """One telling of a story against the clock, kept with the written version it was told from."""

    id: int
    story_id: int
    question_id: str
    written: str
    told: str
    elapsed_s: int | None
    created_at: datetime
