"""What one grading produced, as the CLI and the pages show it: the verdict, its feedback and
what it was judged with. Free of storage, so grading without saving imports no database code."""

from dataclasses import asdict, dataclass

from sim.domain.diagram import is_diagram_quote
from sim.domain.diagram import parse as parse_diagram
from sim.domain.feedback import Feedback
from sim.domain.verdict import Verdict


@dataclass(frozen=True)
class Provenance:
    """What a grade was judged with, so old scores stay comparable."""

    prompt_id: str = ""
    prompt_version: str = ""
    prompt_hash: str = ""
    temperature: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    tokens_estimated: bool = False
    cost_usd: float | None = None
    reused: bool = False  # an identical earlier grade was reused instead of paying twice


@dataclass(frozen=True)
class GradeOutcome:
    attempt_id: int
    grade_id: int | None
    question_id: str
    grader: str
    model: str
    rubric_version: str
    verdict: Verdict
    feedback: Feedback
    provenance: Provenance = Provenance()
    diagram: str | None = None  # the whiteboard graded with the answer

    def to_json_dict(self) -> dict:
        data = {
            "attempt_id": self.attempt_id,
            "grade_id": self.grade_id,
            "question_id": self.question_id,
            "grader": self.grader,
            "model": self.model,
            "rubric_version": self.rubric_version,
            **asdict(self.provenance),
            "overall": self.feedback.overall,
            "signal": self.feedback.signal,
            "derivation": self.feedback.derivation,
            "dimensions": [d.model_dump(mode="json") for d in self.feedback.dimensions],
            "key_points_covered": self.feedback.key_points_covered,
            "key_points_missed": self.feedback.key_points_missed,
            "checklist": self.feedback.checklist,
            "improvements": self.feedback.improvements,
            "spread": self.verdict.spread,
            "notes": self.verdict.notes,
            "problems": self.feedback.problems,
        }
        if self.diagram:
            data["diagram"] = diagram_json(self.diagram, self.feedback)
        return data


def diagram_json(diagram: str, feedback: Feedback) -> dict:
    """The whiteboard as read (nodes, edges, problems) and the grade's quotes of it."""
    cited = [q for d in feedback.dimensions for q in d.evidence if is_diagram_quote(q)]
    return {**parse_diagram(diagram).to_json_dict(), "evidence": list(dict.fromkeys(cited))}
