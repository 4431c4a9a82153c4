"""Turns a checked, scored verdict into the feedback a candidate reads (and we store)."""

from pydantic import BaseModel, Field

from sim.domain.rubric import Rubric
from sim.domain.scoring import NOT_ENOUGH_EVIDENCE, Score
from sim.domain.types import MAX_LEVEL, Dimension, Kind
from sim.domain.verdict import CheckedVerdict


class DimensionFeedback(BaseModel):
    dimension: Dimension
    title: str
    level: int | None
    level_label: str
    anchor: str  # what this level looks like for the question kind
    reason: str
    evidence: list[str]
    next_level: str  # what the next level needs
    hint: str = ""  # the grader's most useful concrete change for this dimension
    dropped_evidence: list[str] = Field(default_factory=list)
    confidence: str | None = None  # high / medium / low, where the grader says
    confidence_reason: str = ""


class Feedback(BaseModel):
    dimensions: list[DimensionFeedback]
    overall: float | None
    signal: str
    derivation: str
    provisional: float | None = None
    rank_score: float = 1.0
    key_points_covered: list[str]
    key_points_missed: list[str]
    key_point_evidence: dict[str, str] = Field(default_factory=dict)
    checklist: dict[str, bool]
    improvements: list[str]  # the changes that would lift the answer most, most important first
    first_gap: str = ""  # the single most important gap
    problems: list[str]  # what the verdict check had to correct


def _next_level_text(
    rubric: Rubric, dim: Dimension, kind: Kind, level: int | None, hint: str
) -> str:
    if level is None:
        target = rubric.anchor(dim, kind, 3)
        return f"Give enough to judge this dimension. At Staff level: {target}"
    if level >= MAX_LEVEL:
        return "Top level reached: keep this up."
    text = rubric.anchor(dim, kind, level + 1)
    return f"{text} {hint}".strip() if hint else text


def concrete_hint(hint: str) -> str:
    """The grader's hint as an instruction: without its "Next:" tag, capitalised."""
    text = hint.removeprefix("Next:").strip()
    return text[:1].upper() + text[1:] if text else ""


def build_feedback(checked: CheckedVerdict, score: Score, rubric: Rubric, kind: Kind) -> Feedback:
    dims: list[DimensionFeedback] = []
    for checked_dim in checked.dimensions:
        dim = checked_dim.dimension
        level = checked_dim.level
        dims.append(
            DimensionFeedback(
                dimension=dim,
                title=rubric.dimension(dim).title,
                level=level,
                level_label=rubric.level_label(level) if level else NOT_ENOUGH_EVIDENCE,
                anchor=rubric.anchor(dim, kind, level) if level else "",
                reason=checked_dim.reason or "No reason given.",
                evidence=checked_dim.evidence,
                next_level=_next_level_text(rubric, dim, kind, level, checked_dim.next_level_hint),
                hint=checked_dim.next_level_hint,
                dropped_evidence=checked_dim.dropped_evidence,
                confidence=checked_dim.confidence,
                confidence_reason=checked_dim.confidence_reason,
            )
        )
    # Weakest first; unjudged dimensions count as weakest because they cost the most signal.
    ranked = sorted(dims, key=lambda d: d.level if d.level is not None else 0)
    improvements = [
        f"{d.title}: {concrete_hint(d.hint) or d.next_level}"
        for d in ranked
        if d.level is None or d.level < MAX_LEVEL
    ][:2]
    missed = checked.verdict.key_points_missed
    if missed:
        improvements.append("Cover the missed key point: " + missed[0])
    return Feedback(
        dimensions=dims,
        overall=score.overall,
        provisional=score.provisional,
        rank_score=score.rank_score,
        signal=score.signal,
        derivation=score.derivation,
        key_points_covered=checked.verdict.key_points_covered,
        key_points_missed=missed,
        key_point_evidence=checked.verdict.key_point_evidence,
        checklist=checked.verdict.checklist,
        improvements=improvements,
        first_gap=improvements[0] if improvements else "",
        problems=checked.problems,
    )
