"""The phases of a system-design round and their time boxes: a plan that adds up to the question's
limit, where the candidate is now, and when a phase has run over."""

from dataclasses import dataclass

from pydantic import Field

from sim.domain.questions import Strict
from sim.domain.types import Phase


class PhaseBox(Strict):
    """One phase as data (question_bank/formats.yaml): its share of the round and what to do."""

    id: Phase
    title: str = Field(min_length=3)
    share: float = Field(gt=0, lt=1)
    focus: str = Field(min_length=10, description="what the candidate should be doing now")


@dataclass(frozen=True)
class PlannedPhase:
    phase: Phase
    title: str
    focus: str
    start_s: int
    end_s: int

    @property
    def length_s(self) -> int:
        return self.end_s - self.start_s


def plan_phases(boxes: list[PhaseBox], limit_s: int) -> list[PlannedPhase]:
    """Time boxes in whole seconds that add up exactly to the limit (the last absorbs rounding)."""
    total = sum(b.share for b in boxes)
    planned, start = [], 0
    for index, box in enumerate(boxes):
        end = limit_s if index == len(boxes) - 1 else start + round(limit_s * box.share / total)
        planned.append(PlannedPhase(box.id, box.title, box.focus, start, end))
        start = end
    return planned


@dataclass(frozen=True)
class PhaseEntry:
    """The candidate entered this phase `at_s` seconds into the question."""

    phase: Phase
    at_s: float


@dataclass(frozen=True)
class PhaseStatus:
    current: PlannedPhase
    in_phase_s: float
    over_by_s: float  # > 0: the phase has run past its box
    next_phase: PlannedPhase | None

    @property
    def overrun(self) -> bool:
        return self.over_by_s > 0


def phase_status(
    plan: list[PlannedPhase], entries: list[PhaseEntry], elapsed_s: float
) -> PhaseStatus:
    """Where the candidate is: the last phase entered (the first one until they move on)."""
    by_phase = {p.phase: p for p in plan}
    entered = entries[-1] if entries else PhaseEntry(plan[0].phase, 0.0)
    current = by_phase[entered.phase]
    in_phase = max(0.0, elapsed_s - entered.at_s)
    index = plan.index(current)
    following = plan[index + 1] if index + 1 < len(plan) else None
    return PhaseStatus(current, in_phase, in_phase - current.length_s, following)


def time_per_phase(entries: list[PhaseEntry], ended_s: float) -> dict[Phase, float]:
    """Seconds spent in each phase, from the entries and the end of the answer."""
    spent: dict[Phase, float] = {}
    timeline = entries or [PhaseEntry(Phase.CLARIFY, 0.0)]
    for entry, following in zip(timeline, [*timeline[1:], None], strict=True):
        until = following.at_s if following else ended_s
        spent[entry.phase] = spent.get(entry.phase, 0.0) + max(0.0, until - entry.at_s)
    return spent
