"""Time as data across sessions: time used against the limit, overruns, time to requirements."""

import streamlit as st


def render_phase_timing(rows: list[dict]) -> None:
    """Minutes per phase of each system-design round answered in the interview room."""
    if not rows:
        return
    st.caption("System design rounds: minutes spent in each phase")
    st.bar_chart(rows, x="when", y="minutes", color="phase", stack=True, height=220)


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
