"""The common grader interface; the request types live in the domain."""

from typing import Protocol

from sim.domain.grade_request import FollowUpSpec, GradeRequest, KeyPointSpec
from sim.domain.verdict import Verdict

__all__ = ["FollowUpSpec", "GradeRequest", "Grader", "KeyPointSpec"]


class Grader(Protocol):
    name: str

    def assess(self, request: GradeRequest) -> Verdict: ...

    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None: ...
