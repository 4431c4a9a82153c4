"""Progress charts (Altair, Streamlit's own charting): each dimension over time, scores by topic."""

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from sim import review
from sim.domain.history import (
    ChartData,
    DimensionPoint,
    FilterOptions,
    HistoryFilters,
    Period,
    TopicScore,
    auto_period,
    by_period,
)
from sim.storage.ownership import user_of

PERIOD_LABELS = {"auto": "Auto", "day": "Day", "week": "Week", "month": "Month"}
TOPICS_SHOWN = 25
DIMENSION_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]


@st.cache_data(max_entries=32, show_spinner="Computing your progress...")
def _chart_data(
    _engine: Engine, location: str, filters_json: str, total: int, latest_grade: int | None
) -> ChartData:
    return review.chart_data(_engine, HistoryFilters.model_validate_json(filters_json))


def chart_data(engine: Engine, filters: HistoryFilters, options: FilterOptions) -> ChartData:
    """Chart figures aggregate every matching answer (the slowest query here), so they are kept
    until the filters change or an answer or grade is added (total and latest grade id)."""
    return _chart_data(
        engine,
        # Each user's figures are their own: the user is part of the key.
        f"{engine.url.render_as_string(hide_password=False)}#{user_of(engine)}",
        filters.model_dump_json(),
        options.total,
        options.latest_grade_id,
    )


def level_chart(points: list[DimensionPoint], titles: dict[str, str], period: Period) -> alt.Chart:
    frame = pd.DataFrame(
        [
            {
                "period": p.day.isoformat(),
                "dimension": titles.get(p.dimension, p.dimension),
                "level": p.mean_level,
                "answers": p.answers,
            }
            for p in points
        ]
    )
    order = [titles.get(d, d) for d in titles]
    return (
        alt.Chart(frame, title=f"Mean level per dimension, by {period}")
        .mark_line(point=True, clip=True)
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y(
                "level:Q",
                title="Level (1-4)",
                scale=alt.Scale(domain=[1, 4], nice=False),
                axis=alt.Axis(values=[1, 2, 3, 4], format="d"),
            ),
            color=alt.Color(
                "dimension:N",
                title="Dimension",
                sort=order,
                # Four clearly different hues (the default theme shades two pairs alike).
                scale=alt.Scale(domain=order, range=DIMENSION_COLOURS[: len(order)]),
            ),
            tooltip=[
                alt.Tooltip("period:T", title=f"{period.title()} of"),
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("level:Q", title="Mean level", format=".2f"),
                alt.Tooltip("answers:Q", title="Answers"),
            ],
        )
        .properties(height=300)
    )


def topic_chart(
    topics: list[TopicScore], topic_titles: dict[str, str], staff_bar: float | None
) -> alt.Chart:
    frame = pd.DataFrame(
        [
            {
                "topic": topic_titles.get(t.topic, t.topic),
                "overall": t.mean_overall,
                "answers": t.answers,
            }
            for t in topics
        ]
    )
    bars = (
        alt.Chart(frame, title="Mean overall by topic (weakest first)")
        .mark_bar()
        .encode(
            x=alt.X("overall:Q", title="Mean overall (1-4)", scale=alt.Scale(domain=[0, 4])),
            y=alt.Y("topic:N", title=None, sort="x", axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("overall:Q", title="Mean overall", format=".2f"),
                alt.Tooltip("answers:Q", title="Graded answers"),
            ],
        )
    )
    layers = [bars]
    if staff_bar is not None:
        rule = (
            alt.Chart(pd.DataFrame({"bar": [staff_bar]}))
            .mark_rule(strokeDash=[4, 4], color="gray")
            .encode(x="bar:Q")
        )
        layers.append(rule)
    return alt.layer(*layers).properties(height=max(120, 24 * len(frame) + 40))


def render_progress(
    data: ChartData,
    options: FilterOptions,
    dimension_titles: dict[str, str],
    topic_titles: dict[str, str],
    staff_bar: float | None,
) -> None:
    if data.empty:
        st.info(
            "No graded answers match these filters yet. The charts appear once answers are "
            "graded: practise a question, or widen the filters."
        )
        return
    st.caption("The charts follow the filters above; each answer counts with its latest grade.")
    choice = st.radio(
        "Group by",
        list(PERIOD_LABELS),
        format_func=PERIOD_LABELS.__getitem__,
        horizontal=True,
        key="hist_period",
    )
    period: Period = (
        auto_period(options.first_day, options.last_day) if choice == "auto" else choice
    )
    points = by_period(data.levels, period)
    if points:
        st.altair_chart(level_chart(points, dimension_titles, period), width="stretch")
    else:
        st.caption("No dimension was judged in these answers.")

    topics = sorted(data.topics, key=lambda t: (t.mean_overall, t.topic))
    shown = topics
    if len(topics) > TOPICS_SHOWN and not st.checkbox(
        f"Show all {len(topics)} topics", key="hist_all_topics"
    ):
        shown = topics[:TOPICS_SHOWN]
        st.caption(f"The {TOPICS_SHOWN} weakest of {len(topics)} topics.")
    if shown:
        st.altair_chart(topic_chart(shown, topic_titles, staff_bar), width="stretch")
        if staff_bar is not None:
            st.caption(f"Dashed line: the Staff bar (overall {staff_bar:g}).")
