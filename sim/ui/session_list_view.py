"""History's Sessions tab: the interview sessions with their verdicts, and the one to reopen."""

import streamlit as st

from sim.session_reports import SessionListing
from sim.ui import state_keys as keys


def render_session_table(sessions: list[SessionListing]) -> None:
    st.dataframe(
        [
            {
                "session": s.id,
                "started": f"{s.started:%Y-%m-%d %H:%M}",
                "title": s.title,
                "status": s.status,
                "answers": s.answers,
                "graded": s.graded,
                "mean overall": s.mean_overall,
                "verdict": s.verdict or "",
            }
            for s in sessions
        ],
        hide_index=True,
        width="stretch",
    )


def choose_session(sessions: list[SessionListing]) -> int:
    """The session whose report is opened below the table (the newest at first)."""
    by_id = {s.id: s for s in sessions}
    return st.selectbox(
        "Open a session report",
        list(by_id),
        format_func=lambda i: (
            f"#{i} · {by_id[i].title} · {by_id[i].started:%Y-%m-%d %H:%M}"
            + (f" · {by_id[i].verdict}" if by_id[i].verdict else "")
        ),
        key=keys.HISTORY_SESSION,
    )
