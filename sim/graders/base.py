"""The common grader interface and request types, for the graders themselves; both are defined
in the domain (sim.domain.grader_port, sim.domain.grade_request)."""

from sim.domain.grade_request import FollowUpSpec, GradeRequest, KeyPointSpec
from sim.domain.grader_port import Grader

__all__ = ["FollowUpSpec", "GradeRequest", "Grader", "KeyPointSpec"]
