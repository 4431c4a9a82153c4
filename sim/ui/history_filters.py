"""History filters: the widgets, and the HistoryFilters they add up to."""

from collections.abc import Callable
from datetime import date

import streamlit as st

from sim.domain.history import OVERALL, FilterOptions, HistoryFilters
from sim.domain.types import KIND_LABELS, TRACK_LABELS, Kind, Track
from sim.ui.question_labels import topic_title

ALL = "all"
SCORE_RANGE = (1.0, 4.0)
FILTER_KEYS = (
    "hist_dates",
    "hist_kind",
    "hist_track",
    "hist_topic",
    "hist_score_on",
    "hist_score",
    "hist_session",
)


def _reset() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def _dates(value: object) -> tuple[date | None, date | None]:
    # A range input gives () while empty and (start,) while the second date is being picked.
    if isinstance(value, date):
        return value, value
    picked = [d for d in (value or ()) if isinstance(d, date)]
    if not picked:
        return None, None
    return picked[0], picked[1] if len(picked) > 1 else None


def _choice(label: str, options: list, labels: Callable[[object], str], key: str, column):
    return column.selectbox(label, options, format_func=labels, key=key)


def render_filters(options: FilterOptions, dimension_titles: dict[str, str]) -> HistoryFilters:
    """Two rows of filters (fits a laptop screen); a reset button brings back everything."""
    dates_col, kind_col, track_col, topic_col = st.columns(4)
    picked = dates_col.date_input(
        "Submitted between (UTC)",
        value=(),
        key="hist_dates",
        format="YYYY-MM-DD",
        help=(
            f"Your answers run from {options.first_day} to {options.last_day}."
            if options.first_day
            else None
        ),
    )
    date_from, date_to = _dates(picked)
    kind = _choice(
        "Kind",
        [ALL, *[k.value for k in Kind]],
        lambda v: "All kinds" if v == ALL else KIND_LABELS[Kind(v)],
        "hist_kind",
        kind_col,
    )
    track = _choice(
        "Track",
        [ALL, *[t.value for t in Track]],
        lambda v: "All tracks" if v == ALL else TRACK_LABELS[Track(v)],
        "hist_track",
        track_col,
    )
    topics = sorted(options.topics, key=lambda t: topic_title(t).lower())
    topic = _choice(
        "Topic",
        [ALL, *topics],
        lambda v: "All topics" if v == ALL else topic_title(v),
        "hist_topic",
        topic_col,
    )

    score_on_col, score_col, session_col, reset_col = st.columns(4, vertical_alignment="bottom")
    score_on = _choice(
        "Score on",
        [OVERALL, *dimension_titles],
        lambda v: "Overall" if v == OVERALL else dimension_titles[v],
        "hist_score_on",
        score_on_col,
    )
    low, high = score_col.slider(
        "Score range",
        min_value=SCORE_RANGE[0],
        max_value=SCORE_RANGE[1],
        value=SCORE_RANGE,
        step=0.25,
        key="hist_score",
        help="Levels run 1-4. The full range does not filter (ungraded answers stay listed).",
    )
    session = ALL
    if options.sessions:
        session = _choice(
            "Interview session",
            [ALL, *options.sessions],
            lambda v: "All answers" if v == ALL else f"Session #{v}",
            "hist_session",
            session_col,
        )
    reset_col.button("Reset filters", key="hist_reset", on_click=_reset, width="stretch")

    scored = (low, high) != SCORE_RANGE
    return HistoryFilters(
        date_from=date_from,
        date_to=date_to,
        kind=None if kind == ALL else kind,
        track=None if track == ALL else track,
        topic=None if topic == ALL else topic,
        session_id=None if session == ALL else int(session),
        score_on=score_on,
        score_min=low if scored else None,
        score_max=high if scored else None,
    )
