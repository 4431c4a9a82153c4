"""Pure arithmetic on a checked verdict: totals and the overall Staff signal."""

from pydantic import BaseModel

from sim.domain.rubric import Rubric
from sim.domain.verdict import CheckedVerdict

NOT_ENOUGH_EVIDENCE = "Not enough evidence"


class Score(BaseModel):
    overall: float | None  # mean level of the judged dimensions, 1-4
    signal: str
    judged: int
    derivation: str


def score_verdict(checked: CheckedVerdict, rubric: Rubric) -> Score:
    levels = [d.level for d in checked.dimensions if d.level is not None]
    judged = len(levels)
    if judged < rubric.min_judged_dimensions:
        return Score(
            overall=None,
            signal=NOT_ENOUGH_EVIDENCE,
            judged=judged,
            derivation=(
                f"only {judged} of {len(checked.dimensions)} dimensions had enough evidence; "
                f"at least {rubric.min_judged_dimensions} are needed for an overall signal"
            ),
        )
    overall = round(sum(levels) / judged, 2)
    signal = rubric.signal_for(overall)
    band = next(b for b in rubric.signals if b.label == signal)
    terms = " + ".join(str(level) for level in levels)
    return Score(
        overall=overall,
        signal=signal,
        judged=judged,
        derivation=f"mean of {judged} judged dimensions ({terms}) / {judged} = {overall:.2f}; "
        f"{signal} from {band.min_score:g}",
    )
