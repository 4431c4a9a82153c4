"""What every grader offers (the LLM and the offline one alike), as the domain sees it: services
and the story checks depend on this interface, never on a grader's module."""

from typing import Protocol

from sim.domain.grade_request import FollowUpSpec, GradeRequest
from sim.domain.verdict import Verdict


class Grader(Protocol):
    name: str

    def assess(self, request: GradeRequest) -> Verdict: ...

    def follow_up(self, request: GradeRequest, verdict: Verdict) -> FollowUpSpec | None: ...
