"""`sim eval`: grade every line of a labeled JSONL file and compare with the labels."""

import json
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from sim.domain.bank import QuestionBank
from sim.domain.rubric import Rubric
from sim.domain.types import Kind
from sim.evaluation.baselines import BASELINES
from sim.evaluation.labeled import EvalItem
from sim.evaluation.metrics import pairwise_accuracy, pearson, quadratic_weighted_kappa, spearman
from sim.graders.base import Grader, GradeRequest, KeyPointSpec
from sim.service import judge, request_for


@dataclass(frozen=True)
class ScoredItem:
    item: EvalItem
    kind: str
    # Overall on 1-4 (with too few judged dimensions the mean of those judged; none: the floor),
    # tie-broken by at most 0.1 on key-point and topic coverage.
    score: float
    millis: float
    signal: str = ""
    judged: int = 0


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
        judged = sum(1 for d in feedback.dimensions if d.level is not None)
        scored.append(
            ScoredItem(
                item, request.kind.value, feedback.rank_score, millis, feedback.signal, judged
            )
        )
    return scored


def _figures(scored: list[ScoredItem], scores: list[float] | None = None) -> dict:
    labels = [s.item.label for s in scored]
    scores = [s.score for s in scored] if scores is None else scores
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


def baseline_figures(scored: list[ScoredItem], bank: QuestionBank | None) -> dict[str, dict]:
    """The same figures for each naive scorer on the same items: what a grader must beat."""
    return {
        name: _figures(scored, [scorer(s.item, bank) for s in scored])
        for name, scorer in BASELINES.items()
    }


def summarise(
    scored: list[ScoredItem],
    grader_name: str,
    bank: QuestionBank | None = None,
    with_baselines: bool = False,
) -> dict:
    summary = {"grader": grader_name, **_figures(scored)}
    kinds = sorted({s.kind for s in scored})
    summary["by_kind"] = {kind: _figures([s for s in scored if s.kind == kind]) for kind in kinds}
    summary["median_ms"] = round(statistics.median(s.millis for s in scored), 3) if scored else None
    if with_baselines:
        summary["baselines"] = baseline_figures(scored, bank)
    summary["items"] = [
        {
            "id": s.item.id,
            "label": s.item.label,
            "score": s.score,
            "signal": s.signal,
            "judged": s.judged,
        }
        for s in scored
    ]
    return summary
