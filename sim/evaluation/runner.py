"""`sim eval`: grade every line of a labeled JSONL file and compare with the labels."""

import json
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from sim.domain.bank import QuestionBank
from sim.domain.rubric import Rubric
from sim.domain.types import Kind
from sim.evaluation.metrics import pairwise_accuracy, pearson, quadratic_weighted_kappa, spearman
from sim.graders.base import Grader, GradeRequest, KeyPointSpec
from sim.service import judge, request_for


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


@dataclass(frozen=True)
class ScoredItem:
    item: EvalItem
    kind: str
    # Overall on 1-4 (with too few judged dimensions the mean of those judged; none: the floor),
    # tie-broken by at most 0.1 on key-point and topic coverage.
    score: float
    millis: float


def parse_lines(
    lines: Iterable[str], bank: QuestionBank | None
) -> tuple[list[EvalItem], list[str]]:
    """Valid items and one message per malformed line (with its 1-based line number)."""
    items: list[EvalItem] = []
    problems: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(raw))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc.msg})")
            continue
        except ValidationError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) or "(line)" for e in exc.errors())
            problems.append(f"line {number}: invalid fields: {fields}")
            continue
        if item.question_id:
            if bank is None or item.question_id not in bank.by_id():
                problems.append(f"line {number}: unknown question_id {item.question_id!r}")
                continue
        elif not (item.question and item.kind):
            problems.append(f"line {number}: needs question and kind, or question_id")
            continue
        items.append(item)
    return items, problems


def request_for_item(item: EvalItem, bank: QuestionBank | None) -> GradeRequest:
    if item.question_id and bank is not None:
        return request_for(bank.get(item.question_id), item.answer)
    return GradeRequest(
        kind=Kind(item.kind),
        question=item.question or "",
        answer=item.answer,
        key_points=tuple(KeyPointSpec(point) for point in item.key_points),
        reference=item.reference or "",
    )


def grade_items(
    items: list[EvalItem], grader: Grader, rubric: Rubric, bank: QuestionBank | None
) -> list[ScoredItem]:
    scored = []
    for item in items:
        request = request_for_item(item, bank)
        start = time.perf_counter()
        _, feedback = judge(request, grader, rubric)
        millis = (time.perf_counter() - start) * 1000
        score = feedback.rank_score
        scored.append(ScoredItem(item, request.kind.value, score, millis))
    return scored


def _figures(scored: list[ScoredItem]) -> dict:
    labels = [s.item.label for s in scored]
    scores = [s.score for s in scored]
    accuracy, pairs, ties = pairwise_accuracy([s.item.group for s in scored], labels, scores)

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "n": len(scored),
        "spearman": rounded(spearman(labels, scores)),
        "pearson": rounded(pearson(labels, scores)),
        "qwk": rounded(quadratic_weighted_kappa(labels, scores)),
        "pairwise_accuracy": rounded(accuracy),
        "pairs": pairs,
        "tied_pairs": ties,
    }


def summarise(scored: list[ScoredItem], grader_name: str) -> dict:
    summary = {"grader": grader_name, **_figures(scored)}
    kinds = sorted({s.kind for s in scored})
    summary["by_kind"] = {kind: _figures([s for s in scored if s.kind == kind]) for kind in kinds}
    summary["median_ms"] = round(statistics.median(s.millis for s in scored), 3) if scored else None
    summary["items"] = [{"id": s.item.id, "label": s.item.label, "score": s.score} for s in scored]
    return summary
