"""Readiness per track and rubric dimension, as statements with the evidence behind them ("Staff
on depth in 4 of the last 5 system design attempts; below the Staff bar on ownership") and never
as a bare percentage: the judgement is only as good as the attempts it rests on, so it says
which."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sim.domain.plan_progress import GradedAnswer
from sim.domain.types import DIMENSIONS, TRACK_LABELS, Track

WINDOW = 5  # the last attempts a track's readiness rests on
STAFF_LEVEL = 3  # rubric level 3 is "Staff"
MIN_ATTEMPTS = 3  # fewer and the statement says there is too little to judge
REVIEW_GRACE = timedelta(days=1)  # a review up to a day late still counts as kept


@dataclass(frozen=True)
class DimensionReadiness:
    dimension: str
    judged: int  # of the window's attempts, how many judged this dimension
    at_staff: int  # judged at level 3 or above
    trend: str  # rising / falling / steady / "too few attempts"

    @property
    def at_bar(self) -> bool:
        return self.judged > 0 and self.at_staff * 2 > self.judged


@dataclass(frozen=True)
class TrackReadiness:
    track: str
    label: str
    attempts: int  # in the window
    total: int  # all graded attempts in the track
    dimensions: tuple[DimensionReadiness, ...]
    verdict: str  # ready / close / not yet / too little evidence
    statement: str


def _mean(levels: list[int]) -> float | None:
    return sum(levels) / len(levels) if levels else None


def _trend(recent: list[int], earlier: list[int]) -> str:
    now, before = _mean(recent), _mean(earlier)
    if now is None or before is None:
        return "too few attempts"
    if now - before >= 0.5:
        return "rising"
    if before - now >= 0.5:
        return "falling"
    return "steady"


def _levels(answers: list[GradedAnswer], dim: str) -> list[int]:
    return [lvl for a in answers if (lvl := a.levels.get(dim)) is not None]


def _statement(label: str, attempts: int, dims: list[DimensionReadiness]) -> tuple[str, str]:
    if attempts < MIN_ATTEMPTS:
        return (
            "too little evidence",
            f"{label}: {attempts} graded attempt{'s' if attempts != 1 else ''} so far; "
            f"{MIN_ATTEMPTS} are needed before saying anything about readiness.",
        )
    strong = [d for d in dims if d.at_bar]
    weak = [d for d in dims if not d.at_bar]
    parts = []
    if strong:
        parts.append(
            "Staff on "
            + ", ".join(f"{d.dimension} ({d.at_staff} of {d.judged})" for d in strong)
            + f" in the last {attempts} attempts"
        )
    if weak:
        parts.append(
            "below the Staff bar on "
            + ", ".join(f"{d.dimension} ({d.at_staff} of {d.judged} at Staff)" for d in weak)
        )
    verdict = "ready" if not weak else "close" if len(strong) >= len(weak) else "not yet"
    text = f"{label}: " + "; ".join(parts) + "."
    return verdict, text[:1].upper() + text[1:]


def track_readiness(answers: list[GradedAnswer], track: str) -> TrackReadiness | None:
    """`answers` oldest first; None when the track has no graded attempt."""
    mine = [a for a in answers if track in a.tracks]
    if not mine:
        return None
    window, earlier = mine[-WINDOW:], mine[-2 * WINDOW : -WINDOW]
    dims = []
    for dim in DIMENSIONS:
        recent = _levels(window, dim)
        dims.append(
            DimensionReadiness(
                dimension=str(dim),
                judged=len(recent),
                at_staff=sum(1 for lvl in recent if lvl >= STAFF_LEVEL),
                trend=_trend(recent, _levels(earlier, dim)),
            )
        )
    label = TRACK_LABELS.get(Track(track), track) if track in set(Track) else track
    verdict, statement = _statement(label, len(window), dims)
    return TrackReadiness(track, label, len(window), len(mine), tuple(dims), verdict, statement)


def readiness(answers: list[GradedAnswer], tracks: list[str] | None = None) -> list[TrackReadiness]:
    """Every track with graded attempts (or the given ones), most attempted first."""
    wanted = tracks or [str(t) for t in Track]
    found = [r for t in wanted if (r := track_readiness(answers, t)) is not None]
    return sorted(found, key=lambda r: -r.total)


@dataclass(frozen=True)
class ReviewUpkeep:
    reviewed: int  # reviews of cards that were due (not first answers)
    on_time: int  # done by their due date (+ a day's grace)
    overdue_now: int  # due more than a day ago and not reviewed yet

    def statement(self) -> str:
        if not self.reviewed and not self.overdue_now:
            return "No review has come due yet: every answered question joins the queue."
        kept = (
            f"{self.on_time} of {self.reviewed} reviews done by their due date"
            if self.reviewed
            else "no review done yet"
        )
        late = (
            f"; {self.overdue_now} overdue by more than a day now"
            if self.overdue_now
            else "; nothing overdue"
        )
        text = kept + late + "."
        return text[:1].upper() + text[1:]


def review_upkeep(
    logs: list[tuple[datetime | None, datetime]], due: list[datetime], now: datetime
) -> ReviewUpkeep:
    """`logs`: (due before the review, reviewed at) of each review; `due`: due dates of the
    cards due now."""
    repeats = [(d, r) for d, r in logs if d is not None]
    on_time = sum(1 for d, r in repeats if r <= d + REVIEW_GRACE)
    overdue = sum(1 for d in due if d + REVIEW_GRACE < now)
    return ReviewUpkeep(len(repeats), on_time, overdue)
