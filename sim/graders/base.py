"""The common grader interface."""

from dataclasses import dataclass, field
from typing import Protocol

from sim.domain.types import Dimension, Kind
from sim.domain.verdict import Verdict


@dataclass(frozen=True)
class KeyPointSpec:
    point: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUpSpec:
    question: str
    dimension: Dimension


@dataclass(frozen=True)
class GradeRequest:
    kind: Kind
    question: str
    answer: str
    key_points: tuple[KeyPointSpec, ...] = ()
    follow_ups: tuple[FollowUpSpec, ...] = ()
    question_id: str = ""
    asked_follow_ups: tuple[str, ...] = field(default=())
    reference: str = ""  # an optional reference answer (evaluation sets)


class Grader(Protocol):
    name: str

    def assess(self, request: GradeRequest) -> Verdict: ...

    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None: ...
