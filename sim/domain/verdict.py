"""What a grader returns, and the pure checks every verdict passes before it is scored.

One contract: `DimensionReply` / `VerdictReply` are what any grader (an LLM included) replies;
the JSON schema sent to a provider and the reply rule in the prompt are derived from them, and
the domain `DimensionVerdict` extends the reply with what pure code adds."""

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.domain.diagram import Diagram, is_diagram_quote
from sim.domain.reply_schema import strict_schema
from sim.domain.types import DIMENSIONS, MAX_LEVEL, MIN_LEVEL, Dimension

Confidence = Literal["high", "medium", "low"]


class DimensionReply(BaseModel):
    """One rubric dimension as judged. Evidence and reason come before the level on purpose:
    a grader that must quote first tends to ground its level in the quotes."""

    model_config = ConfigDict(extra="ignore")

    dimension: Dimension
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""
    level: int | None = None  # None means "not enough evidence"; range checked by check_verdict
    next_level_hint: str = ""


class FollowUpReply(BaseModel):
    """The interviewer's next probe, proposed by the grader in the same reply (one call per
    candidate turn). Code checks it before asking it (sim.domain.probes.proposed_probe)."""

    model_config = ConfigDict(extra="ignore")

    question: str
    dimension: Dimension


class VerdictReply(BaseModel):
    """A grader's whole reply: the four dimensions, the numbers of the key points covered and,
    optionally, the follow-up it would ask next."""

    model_config = ConfigDict(extra="ignore")

    dimensions: list[DimensionReply]
    key_points_covered: list[int] = Field(default_factory=list)
    follow_up: FollowUpReply | None = None


def reply_schema() -> dict[str, Any]:
    return strict_schema(VerdictReply)


def reply_rule() -> str:
    """The prompt's reply rule, from the same models."""
    fields = ", ".join(f'"{name}"' for name in DimensionReply.model_fields)
    probe = ", ".join(f'"{name}"' for name in FollowUpReply.model_fields)
    return (
        f'Reply with one JSON object: {{"dimensions": [{{{fields}}} x4], '
        f'"key_points_covered": [numbers], "follow_up": {{{probe}}} or null}}.'
    )


class DimensionVerdict(DimensionReply):
    """A judged dimension with how much evidence the level rests on (pure code fills these)."""

    model_config = ConfigDict(extra="forbid")

    confidence: Confidence | None = None
    confidence_reason: str = ""


class Verdict(BaseModel):
    grader: str
    model: str = ""
    dimensions: list[DimensionVerdict]
    key_points_covered: list[str] = Field(default_factory=list)
    key_points_missed: list[str] = Field(default_factory=list)
    # Covered key point → the sentence of the answer that covers it (where the grader cites one).
    key_point_evidence: dict[str, str] = Field(default_factory=dict)
    checklist: dict[str, bool] = Field(
        default_factory=dict
    )  # system design deliverables or STAR parts
    notes: list[str] = Field(default_factory=list)
    # Max - min level per dimension over several gradings (samples or graders), when known.
    spread: dict[str, int] = Field(default_factory=dict)
    # Share (0-1) of the question's topic words the answer uses, where the grader measures it.
    topic_coverage: float | None = Field(default=None, ge=0, le=1)
    # The grader's proposed next probe (LLM graders); grades stored before it read as None.
    follow_up: FollowUpReply | None = None


class CheckedDimension(BaseModel):
    dimension: Dimension
    level: int | None
    reason: str
    evidence: list[str]
    next_level_hint: str = ""
    dropped_evidence: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None
    confidence_reason: str = ""


class CheckedVerdict(BaseModel):
    verdict: Verdict
    dimensions: list[CheckedDimension]
    problems: list[str] = Field(default_factory=list)

    def by_dimension(self) -> dict[Dimension, CheckedDimension]:
        return {d.dimension: d for d in self.dimensions}


@lru_cache(maxsize=64)
def _normalise_space(text: str) -> str:
    # Cached: a verdict's dozen quotes are each looked up in the same answer.
    return " ".join(text.split())


MIN_QUOTE_CHARS = 8  # shorter "quotes" (a letter, a word) prove nothing about the answer


def quote_in_answer(quote: str, answer: str) -> bool:
    """A quote counts when it appears verbatim, up to whitespace (graders re-flow line breaks),
    and is long enough to be evidence."""
    needle = _normalise_space(quote)
    return len(needle) >= MIN_QUOTE_CHARS and needle in _normalise_space(answer)


def quote_verified(quote: str, answer: str, diagram: Diagram | None = None) -> bool:
    """A quote of the answer, verbatim; or a `node: X` / `edge: A -> B` quote of the diagram
    drawn with it, naming a node or an edge it really has."""
    if quote_in_answer(quote, answer):
        return True
    return diagram is not None and is_diagram_quote(quote) and diagram.cites(quote)


def check_verdict(verdict: Verdict, answer: str, diagram: Diagram | None = None) -> CheckedVerdict:
    """Keep only what the answer (and its diagram) supports: levels in range, quotes present,
    each dimension once.

    A missing dimension is reported and left unjudged, never invented."""
    problems: list[str] = []
    seen: dict[Dimension, DimensionVerdict] = {}
    for dim_verdict in verdict.dimensions:
        if dim_verdict.dimension in seen:
            problems.append(f"{dim_verdict.dimension.value}: judged twice, first kept")
            continue
        seen[dim_verdict.dimension] = dim_verdict

    checked: list[CheckedDimension] = []
    for dim in DIMENSIONS:
        raw = seen.get(dim)
        if raw is None:
            problems.append(f"{dim.value}: missing from the verdict")
            checked.append(CheckedDimension(dimension=dim, level=None, reason="", evidence=[]))
            continue
        level = raw.level
        if level is not None and not MIN_LEVEL <= level <= MAX_LEVEL:
            problems.append(f"{dim.value}: level {level} out of range {MIN_LEVEL}-{MAX_LEVEL}")
            level = None
        kept = [q for q in raw.evidence if quote_verified(q, answer, diagram)]
        dropped = [q for q in raw.evidence if not quote_verified(q, answer, diagram)]
        if dropped:
            problems.append(
                f"{dim.value}: {len(dropped)} quote(s) not found in the answer, dropped"
            )
        if level is not None and level > MIN_LEVEL and not kept:
            # A level above the floor must rest on something the candidate actually said.
            problems.append(f"{dim.value}: level {level} has no verified evidence, not judged")
            level = None
        checked.append(
            CheckedDimension(
                dimension=dim,
                level=level,
                reason=raw.reason.strip(),
                evidence=kept,
                next_level_hint=raw.next_level_hint.strip(),
                dropped_evidence=dropped,
                confidence=getattr(raw, "confidence", None) if level is not None else None,
                confidence_reason=getattr(raw, "confidence_reason", "") if level else "",
            )
        )
    for point, quote in list(verdict.key_point_evidence.items()):
        if not quote_in_answer(quote, answer):
            problems.append(f"key point evidence not found in the answer, dropped: {point[:60]}")
            del verdict.key_point_evidence[point]
    return CheckedVerdict(verdict=verdict, dimensions=checked, problems=problems)
