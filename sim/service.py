"""Service layer: compose graders, pure checks and storage. No UI here.

The order in grade_answer is the product's promise: the answer is stored before any grader runs."""

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from sim import catalog
from sim.domain.feedback import Feedback, build_feedback
from sim.domain.questions import Question
from sim.domain.rubric import Rubric
from sim.domain.scoring import score_verdict
from sim.domain.types import Kind
from sim.domain.verdict import Verdict, check_verdict
from sim.graders.base import FollowUpSpec, Grader, GradeRequest, KeyPointSpec
from sim.graders.offline import OfflineGrader
from sim.storage import repo

log = logging.getLogger(__name__)


class GradingFailed(RuntimeError):
    """The grader failed; the answer is saved (attempt_id) and can be graded again."""

    def __init__(self, attempt_id: int, cause: Exception) -> None:
        self.attempt_id = attempt_id
        super().__init__(f"grading failed, answer saved as attempt {attempt_id}: {cause}")


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

    def to_json_dict(self) -> dict:
        return {
            "attempt_id": self.attempt_id,
            "grade_id": self.grade_id,
            "question_id": self.question_id,
            "grader": self.grader,
            "model": self.model,
            "rubric_version": self.rubric_version,
            "overall": self.feedback.overall,
            "signal": self.feedback.signal,
            "derivation": self.feedback.derivation,
            "dimensions": [d.model_dump(mode="json") for d in self.feedback.dimensions],
            "key_points_covered": self.feedback.key_points_covered,
            "key_points_missed": self.feedback.key_points_missed,
            "checklist": self.feedback.checklist,
            "improvements": self.feedback.improvements,
            "notes": self.verdict.notes,
            "problems": self.feedback.problems,
        }


def request_for(question: Question, answer: str, asked: tuple[str, ...] = ()) -> GradeRequest:
    return GradeRequest(
        kind=question.kind,
        question=question.prompt,
        answer=answer,
        key_points=tuple(KeyPointSpec(kp.point, tuple(kp.aliases)) for kp in question.key_points),
        follow_ups=tuple(FollowUpSpec(f.question, f.dimension) for f in question.follow_ups),
        question_id=question.id,
        asked_follow_ups=asked,
    )


def default_grader(rubric: Rubric | None = None) -> Grader:
    return OfflineGrader(rubric or catalog.rubric())


def judge(request: GradeRequest, grader: Grader, rubric: Rubric) -> tuple[Verdict, Feedback]:
    """Grader judges; pure code checks, scores and writes the feedback."""
    verdict = grader.assess(request)
    checked = check_verdict(verdict, request.answer)
    score = score_verdict(checked, rubric)
    return verdict, build_feedback(checked, score, rubric, Kind(request.kind))


def next_follow_up(
    question: Question, answer: str, verdict: Verdict, asked: tuple[str, ...] = ()
) -> FollowUpSpec | None:
    """The interviewer's next probe, aimed at the weakest dimension, never one already asked."""
    return default_grader().follow_up(request_for(question, answer, asked), verdict)


def save_answer(
    engine: Engine, question: Question, answer: str, *, elapsed_s: int | None = None
) -> int:
    return repo.create_attempt(
        engine,
        question_id=question.id,
        kind=question.kind.value,
        topic=question.topic,
        tracks=[t.value for t in question.tracks],
        prompt=question.prompt,
        answer=answer,
        time_limit_s=question.time_limit_s,
        elapsed_s=elapsed_s,
    )


def grade_attempt(
    engine: Engine, attempt_id: int, question: Question, answer: str, grader: Grader
) -> GradeOutcome:
    rubric = catalog.rubric()
    prompt = catalog.prompt("grade_answer")
    try:
        verdict, feedback = judge(request_for(question, answer), grader, rubric)
    except Exception as exc:  # any grader failure leaves the saved answer recoverable
        log.exception("grading attempt %s failed", attempt_id)
        repo.set_status(engine, attempt_id, "failed", error=str(exc)[:500])
        raise GradingFailed(attempt_id, exc) from exc
    uses_prompt = grader.name != "offline"
    grade_id = repo.add_grade(
        engine,
        attempt_id=attempt_id,
        grader=grader.name,
        model=verdict.model,
        rubric_version=rubric.version,
        prompt_id=prompt.id if uses_prompt else "",
        prompt_version=prompt.version if uses_prompt else "",
        prompt_hash=prompt.sha256 if uses_prompt else "",
        feedback=feedback,
        verdict=verdict,
    )
    return GradeOutcome(
        attempt_id,
        grade_id,
        question.id,
        grader.name,
        verdict.model,
        rubric.version,
        verdict,
        feedback,
    )


def grade_answer(
    engine: Engine,
    question: Question,
    answer: str,
    *,
    grader: Grader | None = None,
    elapsed_s: int | None = None,
) -> GradeOutcome:
    """Save the answer first, then grade it. On grader failure raise GradingFailed (answer kept)."""
    attempt_id = save_answer(engine, question, answer, elapsed_s=elapsed_s)
    return grade_attempt(engine, attempt_id, question, answer, grader or default_grader())
