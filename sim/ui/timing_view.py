"""Time as data across sessions: time used against the limit, overruns, time to requirements."""

import altair as alt
import pandas as pd
import streamlit as st

ROUNDS_SHOWN = 20


def phase_chart(rows: list[dict]) -> alt.Chart:
    """One horizontal bar per round (its label reads level, however many rounds), the phases
    stacked in the order they are played, not alphabetically."""
    order = list(dict.fromkeys(r["phase"] for r in rows))  # rows list each round's phases in order
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("round:N", title=None, sort=None),  # oldest first, as the rows come
            x=alt.X("sum(minutes):Q", title="minutes"),
            color=alt.Color(
                "phase:N",
                sort=order,
                scale=alt.Scale(domain=order),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("phase_index:Q"),
            tooltip=["round:N", "phase:N", "minutes:Q"],
        )
        .transform_calculate(phase_index=f"indexof({order!r}, datum.phase)")
        .properties(height=alt.Step(32))  # a bar per round, the chart grows with them
    )


def render_phase_timing(rows: list[dict]) -> None:
    """Minutes per phase of each system-design round answered in the interview room."""
    if not rows:
        return
    rounds = list(dict.fromkeys(r["round"] for r in rows))
    shown = set(rounds[-ROUNDS_SHOWN:])  # the newest: one bar each keeps the chart readable
    st.caption(
        "System design rounds: minutes spent in each phase"
        + (f" (the last {ROUNDS_SHOWN} of {len(rounds)})" if len(rounds) > ROUNDS_SHOWN else "")
    )
    st.altair_chart(phase_chart([r for r in rows if r["round"] in shown]), width="stretch")


def render_timing(rows: list[dict]) -> None:
    st.subheader("Time")
    if not rows:
        st.caption("Timing appears once you submit answers against the clock.")
        return
    overruns = sum(1 for r in rows if r["overrun"])
    st.caption(
        f"{len(rows)} timed answers · {overruns} over the limit ({overruns / len(rows):.0%})"
    )
    st.line_chart(rows, x="when", y="share of limit", color="kind", height=220)
    design = [r for r in rows if r["minutes to requirements"] is not None]
    if design:
        st.caption("System design: minutes until the requirements were on the page")
        st.line_chart(design, x="when", y="minutes to requirements", height=180)
