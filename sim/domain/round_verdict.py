"""The round verdict (strong hire / hire / lean no hire / no hire), derived by plain code from the
levels the grader gave with evidence, by the rule in rubrics/round_verdict.yaml."""

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from sim.domain.feedback import Feedback
from sim.domain.questions import Strict
from sim.domain.types import DIMENSIONS, MAX_LEVEL, Dimension
from sim.domain.yaml_io import load_model


class Outcome(Strict):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    label: str = Field(min_length=2)
    min_mean: float | None = Field(default=None, ge=0, le=MAX_LEVEL)
    min_dimension: float | None = Field(default=None, ge=0, le=MAX_LEVEL)
    min_evidence_share: float | None = Field(default=None, ge=0, le=1)

    @property
    def unconditional(self) -> bool:
        return (
            self.min_mean is None
            and self.min_dimension is None
            and (self.min_evidence_share is None)
        )


class PracticeRule(Strict):
    suggestions: int = Field(ge=1, le=10)
    recent_days: int = Field(ge=0, le=365)


class VerdictRule(Strict):
    version: str
    outcomes: list[Outcome] = Field(min_length=2)
    practice: PracticeRule

    @model_validator(mode="after")
    def _ends_with_a_fallback(self) -> "VerdictRule":
        ids = [o.id for o in self.outcomes]
        if len(set(ids)) != len(ids):
            raise ValueError(f"outcome ids must be unique, got {ids}")
        if not self.outcomes[-1].unconditional:
            raise ValueError("the last outcome must have no conditions (every round gets one)")
        if any(o.unconditional for o in self.outcomes[:-1]):
            raise ValueError("only the last outcome may have no conditions")
        return self


def load_verdict_rule(path: Path) -> VerdictRule:
    return load_model(path, VerdictRule)


@dataclass(frozen=True)
class DimensionStanding:
    dimension: Dimension
    title: str
    mean: float | None  # None: no level in the round rests on evidence
    evidenced: int  # answers whose level for this dimension has a quote


@dataclass(frozen=True)
class RoundVerdict:
    outcome: str
    label: str
    reasons: list[str]  # the one or two things that decided it
    mean: float | None
    evidence_share: float
    answers: int
    dimensions: list[DimensionStanding]

    @property
    def weakest(self) -> DimensionStanding:
        # Unevidenced counts as weakest: it is the dimension the round says least about.
        return min(self.dimensions, key=lambda d: -1.0 if d.mean is None else d.mean)


@dataclass(frozen=True)
class _Miss:
    shortfall: float  # how far short, as a share of the threshold
    text: str


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _standings(feedbacks: list[Feedback]) -> list[DimensionStanding]:
    titles = {d.dimension: d.title for f in feedbacks for d in f.dimensions}
    standings = []
    for dim in DIMENSIONS:
        levels = [
            d.level
            for f in feedbacks
            for d in f.dimensions
            if d.dimension is dim and d.level is not None and d.evidence
        ]
        title = titles.get(dim, dim.value.capitalize())
        standings.append(DimensionStanding(dim, title, _mean(levels), len(levels)))
    return standings


def _answers(n: int) -> str:
    return f"{n} answer{'s' if n != 1 else ''}"


def _misses(outcome: Outcome, verdict: RoundVerdict) -> list[_Miss]:
    misses = []
    if outcome.min_mean is not None and (verdict.mean or 0) < outcome.min_mean:
        figure = "no level backed by evidence" if verdict.mean is None else f"{verdict.mean:.2f}"
        misses.append(
            _Miss(
                1 - (verdict.mean or 0) / outcome.min_mean,
                f"Mean evidenced level {figure} across {_answers(verdict.answers)}; "
                f"{outcome.label} needs {outcome.min_mean:.2f}.",
            )
        )
    weakest = verdict.weakest
    if outcome.min_dimension is not None and (weakest.mean or 0) < outcome.min_dimension:
        figure = (
            "has no level backed by a quote from the answer"
            if weakest.mean is None
            else f"averaged {weakest.mean:.2f} across {_answers(weakest.evidenced)}"
        )
        misses.append(
            _Miss(
                1 - (weakest.mean or 0) / outcome.min_dimension if outcome.min_dimension else 1,
                f"{weakest.title} {figure}; {outcome.label} needs every dimension at "
                f"{outcome.min_dimension:.2f} or more.",
            )
        )
    share = verdict.evidence_share
    if outcome.min_evidence_share is not None and share < outcome.min_evidence_share:
        misses.append(
            _Miss(
                1 - share / outcome.min_evidence_share if outcome.min_evidence_share else 1,
                f"Only {share:.0%} of the round's judgements rest on quoted evidence; "
                f"{outcome.label} needs {outcome.min_evidence_share:.0%}.",
            )
        )
    return misses


def derive_verdict(feedbacks: list[Feedback], rule: VerdictRule) -> RoundVerdict:
    """The first outcome (best first) whose conditions the round meets, with what decided it."""
    standings = _standings(feedbacks)
    evidenced = sum(s.evidenced for s in standings)
    slots = len(feedbacks) * len(DIMENSIONS)
    levels = [
        d.level for f in feedbacks for d in f.dimensions if d.level is not None and d.evidence
    ]
    figures = RoundVerdict(
        outcome="",
        label="",
        reasons=[],
        mean=_mean(levels),
        evidence_share=round(evidenced / slots, 2) if slots else 0.0,
        answers=len(feedbacks),
        dimensions=standings,
    )
    index = next(i for i, o in enumerate(rule.outcomes) if not _misses(o, figures))
    chosen = rule.outcomes[index]
    if not feedbacks:
        reasons = ["No answer in this round was graded."]
    elif index == 0:
        weakest = figures.weakest
        mean = figures.mean or 0
        reasons = [f"Mean evidenced level {mean:.2f} across {_answers(len(feedbacks))}."]
        if weakest.mean is not None:
            lowest = f"{weakest.mean:.2f} or more ({weakest.title} lowest)"
            reasons.append(f"Every dimension at {lowest}.")
    else:
        missed = sorted(_misses(rule.outcomes[index - 1], figures), key=lambda m: -m.shortfall)
        reasons = [m.text for m in missed[:2]]
    return RoundVerdict(
        outcome=chosen.id,
        label=chosen.label,
        reasons=reasons,
        mean=figures.mean,
        evidence_share=figures.evidence_share,
        answers=figures.answers,
        dimensions=standings,
    )
