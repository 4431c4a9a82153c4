"""What a grader is asked to judge: the question's data and the answer, nothing else."""

from __future__ import annotations  # RoomContext is a type here only: grading loads no room code

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.domain.questions import Misconception
from sim.domain.types import Dimension, Kind

if TYPE_CHECKING:
    from sim.domain.interviewer import RoomContext


@dataclass(frozen=True)
class KeyPointSpec:
    point: str
    aliases: tuple[str, ...] = ()
    after_change: bool = False  # what adapting to the room's requirement change covers
    rejected: tuple[str, ...] = ()  # options that earn no credit (see questions.KeyPoint)


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
    misconceptions: tuple[Misconception, ...] = ()
    time_limit_min: int | None = None  # the spoken-length budget, when the question has one
    room: RoomContext | None = None  # clarifying exchanges and the requirement change, if any
    diagram: str = ""  # the whiteboard's Graphviz DOT text (system design), verbatim
