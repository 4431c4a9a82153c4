"""Pure arithmetic on a checked verdict: totals and the overall Staff signal."""

from pydantic import BaseModel

from sim.domain.rubric import Rubric
from sim.domain.verdict import CheckedVerdict

NOT_ENOUGH_EVIDENCE = "Not enough evidence"
TIE_BREAK_SPAN = 0.1  # below half the 0.25 step between level means: it orders, never reorders


class Score(BaseModel):
    overall: float | None  # mean level of the judged dimensions, 1-4
    signal: str
    # With too few judged dimensions there is no overall, but the judged ones still rank answers.
    provisional: float | None = None
    # For ranking answers (sim eval): overall (else provisional, else 1) plus a tie-break of at
    # most +/-0.1 from key-point and topic coverage. Never used for the signal.
    rank_score: float = 1.0
    judged: int
    derivation: str


def coverage_tie_break(checked: CheckedVerdict) -> float:
    """+/-TIE_BREAK_SPAN from the share of key points covered and of topic words used."""
    verdict = checked.verdict
    parts = []
    total = len(verdict.key_points_covered) + len(verdict.key_points_missed)
    if total:
        parts.append(len(verdict.key_points_covered) / total)
    if verdict.topic_coverage is not None:
        parts.append(verdict.topic_coverage)
    if not parts:
        return 0.0
    return round(TIE_BREAK_SPAN * (2 * sum(parts) / len(parts) - 1), 4)


def _bands(rubric: Rubric) -> str:
    ranked = sorted(rubric.signals, key=lambda band: band.min_score, reverse=True)
    return ", ".join(f"{b.label} ≥ {b.min_score:g}" for b in ranked if b.min_score > 0)


def score_verdict(checked: CheckedVerdict, rubric: Rubric) -> Score:
    levels = [d.level for d in checked.dimensions if d.level is not None]
    judged = len(levels)
    tie_break = coverage_tie_break(checked)
    if judged < rubric.min_judged_dimensions:
        provisional = round(sum(levels) / judged, 2) if judged else None
        return Score(
            rank_score=round((provisional or 1.0) + tie_break, 4),
            overall=None,
            provisional=provisional,
            signal=NOT_ENOUGH_EVIDENCE,
            judged=judged,
            derivation=(
                f"only {judged} of {len(checked.dimensions)} dimensions had enough evidence; "
                f"at least {rubric.min_judged_dimensions} are needed for an overall signal"
            ),
        )
    overall = round(sum(levels) / judged, 2)
    signal = rubric.signal_for(overall)
    terms = " + ".join(str(level) for level in levels)
    return Score(
        overall=overall,
        rank_score=round(overall + tie_break, 4),
        signal=signal,
        judged=judged,
        derivation=f"mean of {judged} judged dimensions ({terms}) / {judged} = {overall:.2f} "
        f"→ {signal} ({_bands(rubric)})",
    )
