"""What a grader returns, and the pure checks every verdict passes before it is scored."""

from pydantic import BaseModel, Field

from sim.domain.types import DIMENSIONS, MAX_LEVEL, MIN_LEVEL, Dimension


class DimensionVerdict(BaseModel):
    """One rubric dimension as judged. Evidence and reason come before the level on purpose:
    an LLM that must quote first tends to ground its level in the quotes."""

    dimension: Dimension
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""
    level: int | None = None  # None means "not enough evidence"
    next_level_hint: str = ""


class Verdict(BaseModel):
    grader: str
    model: str = ""
    dimensions: list[DimensionVerdict]
    key_points_covered: list[str] = Field(default_factory=list)
    key_points_missed: list[str] = Field(default_factory=list)
    checklist: dict[str, bool] = Field(
        default_factory=dict
    )  # system design deliverables or STAR parts
    notes: list[str] = Field(default_factory=list)
    # Max - min level per dimension over several gradings (samples or graders), when known.
    spread: dict[str, int] = Field(default_factory=dict)
    # Share (0-1) of the question's topic words the answer uses, where the grader measures it.
    topic_coverage: float | None = Field(default=None, ge=0, le=1)


class CheckedDimension(BaseModel):
    dimension: Dimension
    level: int | None
    reason: str
    evidence: list[str]
    next_level_hint: str = ""
    dropped_evidence: list[str] = Field(default_factory=list)


class CheckedVerdict(BaseModel):
    verdict: Verdict
    dimensions: list[CheckedDimension]
    problems: list[str] = Field(default_factory=list)

    def by_dimension(self) -> dict[Dimension, CheckedDimension]:
        return {d.dimension: d for d in self.dimensions}


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


MIN_QUOTE_CHARS = 8  # shorter "quotes" (a letter, a word) prove nothing about the answer


def quote_in_answer(quote: str, answer: str) -> bool:
    """A quote counts when it appears verbatim, up to whitespace (graders re-flow line breaks),
    and is long enough to be evidence."""
    needle = _normalise_space(quote)
    return len(needle) >= MIN_QUOTE_CHARS and needle in _normalise_space(answer)


def check_verdict(verdict: Verdict, answer: str) -> CheckedVerdict:
    """Keep only what the answer supports: levels in range, quotes present, each dimension once.

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
        kept = [q for q in raw.evidence if quote_in_answer(q, answer)]
        dropped = [q for q in raw.evidence if not quote_in_answer(q, answer)]
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
            )
        )
    return CheckedVerdict(verdict=verdict, dimensions=checked, problems=problems)
