"""One line of a labeled evaluation file."""

from typing import Literal

from pydantic import BaseModel, Field


class EvalItem(BaseModel):
    id: str
    kind: Literal["system_design", "behavioral", "deep_dive"] | None = None
    question: str | None = None
    key_points: list[str] = Field(default_factory=list)
    reference: str | None = None
    question_id: str | None = None
    group: str | None = None
    answer: str
    label: float
