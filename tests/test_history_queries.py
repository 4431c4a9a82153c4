"""History queries on a real SQLite file and a real PostgreSQL server (the `engine` fixture), and
the pure review arithmetic (comparison, word diff, periods) they feed."""

from datetime import UTC, date, datetime

import pytest

from sim import review
from sim.domain.feedback import Feedback
from sim.domain.history import (
    DimensionPoint,
    HistoryFilters,
    auto_period,
    by_period,
    clamp_page,
    dimension_changes,
    render_word_diff,
    word_diff,
)
from sim.domain.verdict import Verdict
from sim.storage import history_charts_queries, history_queries, session_repo
from tests import graded_answers
from tests.graded_answers import answer as _answer
from tests.graded_answers import feedback_with as _feedback
from tests.graded_answers import grade as _grade


@pytest.fixture(scope="module")
def template() -> tuple[Verdict, Feedback]:
    """A real offline grade, whose levels the tests then set as they need."""
    return graded_answers.template()


def _at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def seeded(engine, template) -> dict[str, int]:
    """Six answers over three days: kinds, tracks (azure vs python_azure), topics, a re-grade,
    a pending answer, a dimension without evidence."""
    ids = {
        "fastapi_1": _answer(engine, template, "py-fastapi-vs-django", _at(1, 9), (1, 1, 2, 1)),
        "url": _answer(engine, template, "sd-url-shortener", _at(1, 23, 30), (3, 3, 3, 2)),
        "fastapi_2": _answer(engine, template, "py-fastapi-vs-django", _at(2), (2, 3, 3, None)),
        "pending": _answer(engine, template, "sd-url-shortener", _at(2, 15), None),
        "regraded": _answer(engine, template, "sd-url-shortener", _at(3), (1, 1, 1, 1)),
    }
    _grade(engine, template, ids["regraded"], (4, 4, 3, 4))  # the latest grade counts
    return ids


def _ids(engine, filters: HistoryFilters) -> list[int]:
    rows = history_queries.answers_page(engine, filters, offset=0, limit=100)
    assert history_queries.count_answers(engine, filters) == len(rows)
    return [r.attempt_id for r in rows]


def test_unfiltered_newest_first_with_latest_grade_and_levels(engine, seeded) -> None:
    rows = history_queries.answers_page(engine, HistoryFilters(), offset=0, limit=100)
    assert [r.attempt_id for r in rows] == sorted(seeded.values(), reverse=True)
    by_id = {r.attempt_id: r for r in rows}
    regraded = by_id[seeded["regraded"]]
    assert regraded.overall == 3.75
    assert regraded.levels == {"clarity": 4, "depth": 4, "pragmatism": 3, "ownership": 4}
    assert by_id[seeded["fastapi_2"]].levels["ownership"] is None
    assert by_id[seeded["fastapi_2"]].overall == pytest.approx(2.67)
    pending = by_id[seeded["pending"]]
    assert (pending.grade_id, pending.overall, pending.levels, pending.status) == (
        None,
        None,
        {},
        "submitted",
    )
    assert regraded.submitted_at == _at(3)
    assert by_id[seeded["url"]].tracks == ["system_design"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (HistoryFilters(kind="system_design"), ["regraded", "pending", "url"]),
        (HistoryFilters(kind="behavioral"), []),
        (HistoryFilters(topic="python-web-frameworks"), ["fastapi_2", "fastapi_1"]),
        (HistoryFilters(question_id="sd-url-shortener"), ["regraded", "pending", "url"]),
        # python_azure contains "azure": the delimited match must not confuse them.
        (HistoryFilters(track="python_azure"), ["fastapi_2", "fastapi_1"]),
        (HistoryFilters(track="azure"), []),
        # Dates are UTC days and the end day is included (23:30 on the 1st is the 1st).
        (
            HistoryFilters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 1)),
            ["url", "fastapi_1"],
        ),
        (HistoryFilters(date_from=date(2026, 3, 2)), ["regraded", "pending", "fastapi_2"]),
        (HistoryFilters(date_to=date(2026, 2, 28)), []),
        # Overall in SQL: ungraded and "not enough evidence" answers have none.
        (HistoryFilters(score_min=2.5), ["regraded", "fastapi_2", "url"]),
        (HistoryFilters(score_min=1.0, score_max=1.5), ["fastapi_1"]),
        # A dimension's level from the latest grade's JSON; an unjudged level never matches.
        (HistoryFilters(score_on="depth", score_min=3), ["regraded", "fastapi_2", "url"]),
        (HistoryFilters(score_on="ownership", score_min=1, score_max=2), ["url", "fastapi_1"]),
        (HistoryFilters(score_on="clarity", score_max=1), ["fastapi_1"]),
        (
            HistoryFilters(
                kind="system_design", date_from=date(2026, 3, 2), score_on="pragmatism", score_min=3
            ),
            ["regraded"],
        ),
    ],
)
def test_filters_narrow_in_sql(engine, seeded, filters, expected) -> None:
    assert _ids(engine, filters) == [seeded[name] for name in expected]


def test_paging_covers_every_answer_once_and_clamps(engine, seeded) -> None:
    seen = []
    for page in (1, 2, 3):
        result = review.history_page(engine, HistoryFilters(), page=page, page_size=2)
        assert (result.total, result.pages, result.page) == (5, 3, page)
        seen += [r.attempt_id for r in result.rows]
    assert seen == sorted(seeded.values(), reverse=True)
    beyond = review.history_page(engine, HistoryFilters(), page=99, page_size=2)
    assert beyond.page == 3 and [r.attempt_id for r in beyond.rows] == [seeded["fastapi_1"]]
    scored = review.history_page(engine, HistoryFilters(score_min=2.5), page=2, page_size=2)
    assert [r.attempt_id for r in scored.rows] == [seeded["url"]]
    empty = review.history_page(engine, HistoryFilters(kind="behavioral"), page=4)
    assert (empty.rows, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


def test_filter_options_describe_the_stored_answers(engine, seeded) -> None:
    options = review.filter_options(engine)
    assert options.total == 5
    assert (options.first_day, options.last_day) == (date(2026, 3, 1), date(2026, 3, 3))
    assert options.topics == ["python-web-frameworks", "url-shortener"]
    assert options.sessions == []
    assert options.latest_grade_id is not None


def test_empty_database(engine) -> None:
    options = review.filter_options(engine)
    assert (options.total, options.first_day, options.topics, options.latest_grade_id) == (
        0,
        None,
        [],
        None,
    )
    assert review.chart_data(engine).empty
    assert review.history_page(engine).rows == []
    assert review.sessions(engine) == []


def test_daily_dimension_levels_per_utc_day(engine, seeded) -> None:
    points = {
        (p.day.day, p.dimension): (p.mean_level, p.answers)
        for p in history_charts_queries.daily_dimension_levels(engine, HistoryFilters())
    }
    # Day 1: fastapi_1 (1,1,2,1) and url at 23:30 UTC (3,3,3,2).
    assert points[(1, "clarity")] == (2.0, 2)
    assert points[(1, "pragmatism")] == (2.5, 2)
    assert points[(1, "ownership")] == (1.5, 2)
    # Day 2: fastapi_2 (2,3,3,None); the pending answer adds nothing, None is not a level.
    assert points[(2, "depth")] == (3.0, 1)
    assert (2, "ownership") not in points
    # Day 3: only the latest grade of the re-graded answer.
    assert points[(3, "clarity")] == (4.0, 1)
    assert len(points) == 4 + 3 + 4
    only_design = history_charts_queries.daily_dimension_levels(
        engine, HistoryFilters(kind="system_design")
    )
    assert {
        (p.day.day, p.dimension, p.mean_level) for p in only_design if p.dimension == "depth"
    } == {
        (1, "depth", 3.0),
        (3, "depth", 4.0),
    }
    by_depth = history_charts_queries.daily_dimension_levels(
        engine, HistoryFilters(score_on="depth", score_min=4)
    )
    assert {p.day.day for p in by_depth} == {3}


def test_topic_means_use_latest_grades(engine, seeded) -> None:
    topics = {t.topic: (t.mean_overall, t.answers) for t in review.chart_data(engine).topics}
    assert topics["url-shortener"] == (pytest.approx((2.75 + 3.75) / 2), 2)
    assert topics["python-web-frameworks"] == (pytest.approx((1.25 + 2.67) / 2, abs=0.01), 2)
    filtered = review.chart_data(engine, HistoryFilters(date_to=date(2026, 3, 1))).topics
    assert {t.topic: t.answers for t in filtered} == {
        "url-shortener": 1,
        "python-web-frameworks": 1,
    }


def test_sessions_filter_and_summary(engine, seeded) -> None:
    session_id = session_repo.create_session(
        engine,
        format_id="system_design_round",
        title="Mock loop",
        question_ids=["sd-url-shortener"],
        follow_ups=1,
    )
    session_repo.attach_attempt(engine, seeded["url"], session_id, 0)
    session_repo.attach_attempt(engine, seeded["pending"], session_id, 1)
    assert _ids(engine, HistoryFilters(session_id=session_id)) == [
        seeded["pending"],
        seeded["url"],
    ]
    row = history_queries.answers_page(
        engine, HistoryFilters(session_id=session_id), offset=0, limit=1
    )[0]
    assert (row.session_id, row.session_title) == (session_id, "Mock loop")
    (summary,) = review.sessions(engine)
    assert (summary.id, summary.answers, summary.graded, summary.mean_overall) == (
        session_id,
        2,
        1,
        2.75,
    )
    assert review.filter_options(engine).sessions == [session_id]


def test_compare_two_attempts_at_one_question(engine, seeded) -> None:
    comparison = review.compare(engine, seeded["fastapi_2"], seeded["fastapi_1"])
    assert (comparison.before.id, comparison.after.id) == (seeded["fastapi_1"], seeded["fastapi_2"])
    changes = {d.dimension: (d.before, d.after, d.change) for d in comparison.dimensions}
    assert changes == {
        "clarity": (1, 2, 1),
        "depth": (1, 3, 2),
        "pragmatism": (2, 3, 1),
        "ownership": (1, None, None),
    }
    assert [d.title for d in comparison.dimensions] == [
        "Clarity",
        "Depth",
        "Pragmatism",
        "Ownership",
    ]
    assert comparison.overall_change == pytest.approx(2.67 - 1.25, abs=0.01)
    assert comparison.words_added == comparison.words_removed == 0  # same text both times
    pending = review.compare(engine, seeded["url"], seeded["pending"])
    assert pending.overall_after is None and pending.overall_change is None
    assert all(d.after is None for d in pending.dimensions)
    with pytest.raises(KeyError):
        review.compare(engine, seeded["url"], 10_000)
    assert [r.attempt_id for r in review.attempts_at(engine, "py-fastapi-vs-django")] == [
        seeded["fastapi_2"],
        seeded["fastapi_1"],
    ]


# Pure review arithmetic: no database.


def test_word_diff_marks_removed_and_added_words() -> None:
    before = "We cache reads in Redis.\nWe page on errors."
    after = "We cache reads in Redis with a 5 minute TTL.\nWe page on SLO burn."
    chunks = word_diff(before, after)
    assert [c.op for c in chunks].count("added") == 2
    assert "".join(c.text for c in chunks if c.op != "removed") == after
    assert "".join(c.text for c in chunks if c.op != "added").split() == before.split()
    text = render_word_diff(chunks)
    assert "[-Redis.-] {+Redis with a 5 minute TTL.+}" in text
    assert "[-errors.-] {+SLO burn.+}" in text
    assert render_word_diff(word_diff("same words", "same words")) == "same words"
    assert render_word_diff(word_diff("", "new")) == "{+new+}"


def test_dimension_changes_without_a_grade(template) -> None:
    changes = dimension_changes(None, _feedback(template, (2, 3, None, 4)))
    assert [(c.dimension, c.before, c.after, c.change) for c in changes] == [
        ("clarity", None, 2, None),
        ("depth", None, 3, None),
        ("pragmatism", None, None, None),
        ("ownership", None, 4, None),
    ]
    same = dimension_changes(_feedback(template, (2, 2, 2, 2)), _feedback(template, (2, 3, 1, 2)))
    assert [c.change for c in same] == [0, 1, -1, 0]


def test_periods_merge_days_weighted_by_answers() -> None:
    points = [
        DimensionPoint(day=date(2026, 3, 2), dimension="depth", mean_level=2.0, answers=1),
        DimensionPoint(day=date(2026, 3, 4), dimension="depth", mean_level=3.0, answers=3),
        DimensionPoint(day=date(2026, 3, 9), dimension="depth", mean_level=4.0, answers=1),
    ]
    weeks = by_period(points, "week")
    assert [(p.day, p.mean_level, p.answers) for p in weeks] == [
        (date(2026, 3, 2), 2.75, 4),
        (date(2026, 3, 9), 4.0, 1),
    ]
    (month,) = by_period(points, "month")
    assert (month.day, month.mean_level, month.answers) == (date(2026, 3, 1), 3.0, 5)
    assert auto_period(date(2026, 1, 1), date(2026, 2, 1)) == "day"
    assert auto_period(date(2025, 1, 1), date(2026, 1, 1)) == "week"
    assert auto_period(date(2023, 1, 1), date(2026, 1, 1)) == "month"


def test_filters_are_checked_and_pages_clamped() -> None:
    with pytest.raises(ValueError, match="score_on"):
        HistoryFilters(score_on="charisma")
    with pytest.raises(ValueError, match="score_min"):
        HistoryFilters(score_min=3, score_max=2)
    with pytest.raises(ValueError, match="date_from"):
        HistoryFilters(date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))
    assert (clamp_page(0, 10, 5), clamp_page(3, 10, 5), clamp_page(2, 0, 50)) == (1, 2, 1)
