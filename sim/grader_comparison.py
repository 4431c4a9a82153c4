"""Grading one stored answer with two graders side by side (service layer): both judge the same
request, pure code checks and scores each, and the agreement per dimension is computed. The
comparison is not stored as a grade (the answer's own grade stays as it is); each LLM call is
logged against the answer like any other, so its cost shows, and a grader that already graded
this very record (same model, endpoint, prompt and rubric) is not asked again: its stored grade
is reused, as a re-grade would."""

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from sim import catalog
from sim.domain.agreement import Agreement, compare_feedback
from sim.domain.feedback import Feedback
from sim.graders.base import Grader
from sim.interview_room import room_context
from sim.judging import judge, request_for
from sim.llm_accounting import cache_key, record_llm_calls
from sim.storage import repo


@dataclass(frozen=True)
class GraderComparison:
    agreement: Agreement
    feedback_a: Feedback
    feedback_b: Feedback


def compare_graders(
    engine: Engine,
    attempt_id: int,
    grader_a: tuple[str, Grader],
    grader_b: tuple[str, Grader],
) -> GraderComparison:
    """(label, grader) pairs; an LLM failure raises as it is (the answer is untouched)."""
    attempt = repo.get_attempt(engine, attempt_id)
    if attempt is None:
        raise KeyError(f"no stored answer #{attempt_id}")
    question = catalog.bank().get(attempt.question_id)
    room = room_context(engine, attempt_id, question)
    request = request_for(question, attempt.answer, room=room, diagram=attempt.diagram)
    record = attempt.answer + ("\n\n" + room.as_text() if room else "")
    results = []
    for _label, grader in (grader_a, grader_b):
        key = cache_key(grader, question, record, catalog.rubric(), attempt.diagram)
        if key and (cached := repo.find_cached_grade(engine, key)):
            results.append(cached.feedback)
            continue
        try:
            _verdict, feedback = judge(request, grader, catalog.rubric())
        finally:
            record_llm_calls(engine, attempt_id, grader)
        results.append(feedback)
    agreement = compare_feedback(grader_a[0], results[0], grader_b[0], results[1])
    return GraderComparison(agreement, results[0], results[1])
