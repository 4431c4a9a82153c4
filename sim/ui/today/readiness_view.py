"""Readiness: per track a statement with its evidence, each dimension's count at the Staff bar
and its trend, the milestones done and whether the reviews are kept up."""

import streamlit as st

from sim.domain.plan_today import Today
from sim.domain.readiness import ReviewUpkeep, TrackReadiness
from sim.ui.text import escape_markdown

_VERDICT = {
    "ready": "Ready",
    "close": "Close",
    "not yet": "Not yet",
    "too little evidence": "Too early",
}


def render_readiness(
    tracks: list[TrackReadiness], upkeep: ReviewUpkeep, today: Today | None
) -> None:
    st.subheader("Readiness")
    if today is not None:
        done = sum(1 for m in today.milestones if m.complete)
        fitted = today.schedule
        overdue = [m for m in today.milestones if fitted.date_of(m.due_day) < today.today]
        late = sum(1 for m in overdue if not m.complete)
        st.markdown(
            escape_markdown(
                f"Milestones: {done} of {len(today.milestones)} done"
                + (f"; {late} past their due date and still open." if late else ".")
            )
        )
    st.markdown(escape_markdown("Reviews: " + upkeep.statement()))
    if not tracks:
        st.caption("Answer questions and each track's readiness appears here, with its evidence.")
        return
    for track in tracks:
        st.markdown(f"**{_VERDICT[track.verdict]}** · {escape_markdown(track.statement)}")
    with st.expander("By dimension"):
        st.dataframe(
            [
                {
                    "track": t.label,
                    "dimension": d.dimension,
                    "at Staff": f"{d.at_staff} of {d.judged}",
                    "trend": d.trend,
                    "attempts": t.attempts,
                }
                for t in tracks
                for d in t.dimensions
            ],
            hide_index=True,
        )
