"""Naive scorers a grader must beat on the same file: answer length and overlap with a reference.

Both read the answer through the matching layer (stems, normalised numbers) so the comparison is
about judgement, not tokenisation."""

from collections.abc import Callable

from sim.domain.bank import QuestionBank
from sim.domain.matching import analyse
from sim.domain.text import STOPWORDS
from sim.evaluation.labeled import EvalItem


def _content_stems(text: str) -> set[str]:
    return {t.stem for t in analyse(text).raw if t.word not in STOPWORDS and len(t.word) > 2}


def reference_text(item: EvalItem, bank: QuestionBank | None) -> str:
    """The item's reference answer; else its bank question's key points and outline; else its
    key points; else the question itself."""
    if item.reference:
        return item.reference
    if item.question_id and bank is not None:
        question = bank.get(item.question_id)
        return (
            " ".join([*(kp.point for kp in question.key_points), *question.model_answer_outline])
            or question.prompt
        )
    return " ".join(item.key_points) or item.question or ""


def word_count(item: EvalItem, bank: QuestionBank | None) -> float:
    return float(len(item.answer.split()))


def reference_overlap(item: EvalItem, bank: QuestionBank | None) -> float:
    """Share of the reference's content words the answer uses (recall)."""
    wanted = _content_stems(reference_text(item, bank))
    if not wanted:
        return 0.0
    return len(wanted & _content_stems(item.answer)) / len(wanted)


BASELINES: dict[str, Callable[[EvalItem, QuestionBank | None], float]] = {
    "word_count": word_count,
    "reference_overlap": reference_overlap,
}
