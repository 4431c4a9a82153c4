"""Two graders on one answer: per dimension both levels (as checked and scored, so a level
without a verbatim quote does not count), the spread between them and what that spread means.
Pure: the comparison view and any script read the same figures."""

from dataclasses import dataclass

from sim.domain.feedback import Feedback

AGREE, CLOSE, APART, ONE_SIDED = "agree", "one level apart", "apart", "only one judged"


@dataclass(frozen=True)
class DimensionAgreement:
    title: str
    level_a: int | None
    level_b: int | None

    @property
    def spread(self) -> int | None:
        """|a - b|; None when either grader found not enough evidence."""
        if self.level_a is None or self.level_b is None:
            return None
        return abs(self.level_a - self.level_b)

    @property
    def agreement(self) -> str:
        if self.spread is None:
            return ONE_SIDED if (self.level_a, self.level_b) != (None, None) else AGREE
        if self.spread == 0:
            return AGREE
        return CLOSE if self.spread == 1 else f"{APART} by {self.spread}"


@dataclass(frozen=True)
class Agreement:
    label_a: str
    label_b: str
    overall_a: float | None
    overall_b: float | None
    signal_a: str
    signal_b: str
    dimensions: tuple[DimensionAgreement, ...]

    @property
    def agreed(self) -> int:
        return sum(1 for d in self.dimensions if d.spread == 0)

    @property
    def max_spread(self) -> int | None:
        spreads = [d.spread for d in self.dimensions if d.spread is not None]
        return max(spreads) if spreads else None

    def summary(self) -> str:
        judged = sum(1 for d in self.dimensions if d.spread is not None)
        if not judged:
            return "The two graders judged no dimension in common."
        widest = self.max_spread
        return (
            f"The graders agree on {self.agreed} of {judged} dimensions both judged; "
            f"the widest spread is {widest} level{'s' if widest != 1 else ''}."
        )


def compare_feedback(label_a: str, a: Feedback, label_b: str, b: Feedback) -> Agreement:
    levels_b = {d.dimension: d.level for d in b.dimensions}
    return Agreement(
        label_a,
        label_b,
        a.overall,
        b.overall,
        a.signal,
        b.signal,
        tuple(
            DimensionAgreement(d.title, d.level, levels_b.get(d.dimension)) for d in a.dimensions
        ),
    )
