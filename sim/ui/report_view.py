"""A session report on screen — verdict, scores, improvements, what to practise next — with its
Markdown and printable-HTML downloads. Shown after a round and again from History."""

import streamlit as st

from sim.domain.report import SessionReport, practice_line, to_html, to_markdown
from sim.ui.text import escape_markdown, format_seconds, numbered_list


def render_report(report: SessionReport, session_id: int, key: str) -> None:
    """`key` tells the page's copies apart (the interview page and History can both show one)."""
    if report.mean_overall is not None:
        st.metric("Mean overall", f"{report.mean_overall:.2f} / 4")
    if report.verdict is not None:
        st.markdown(f"**Round verdict: {escape_markdown(report.verdict.label)}**")
        st.markdown("\n".join(f"- {escape_markdown(r)}" for r in report.verdict.reasons))
    st.dataframe(
        [
            {
                "question": i.question_id,
                "overall": i.feedback.overall if i.feedback else None,
                "signal": i.feedback.signal if i.feedback else "not graded",
                "time": format_seconds(i.elapsed_s or 0),
                "limit": format_seconds(i.time_limit_s),
            }
            for i in report.items
        ],
        hide_index=True,
        width="stretch",
    )
    st.markdown("**The three improvements that matter most**")
    st.markdown(numbered_list(report.improvements) or "(none)")
    if report.practice:
        st.markdown("**What to practise next**")
        st.markdown(numbered_list([practice_line(p) for p in report.practice]))
    left, right = st.columns(2)
    left.download_button(
        "Download Markdown",
        to_markdown(report),
        f"interview-report-{session_id}.md",
        "text/markdown",
        key=f"{key}_md",
    )
    right.download_button(
        "Download printable HTML",
        to_html(report),
        f"interview-report-{session_id}.html",
        "text/html",
        key=f"{key}_html",
    )
