"""The newest text of an answer wins, whichever way it reached the server (pure code)."""

import pytest

from sim.domain.drafts import DraftTracker, Stamped, is_live_draft, newest


def test_newest_takes_the_latest_arrival_and_the_first_on_a_tie() -> None:
    old, new = Stamped("old", 10.0), Stamped("new", 12.0)
    assert newest(old, new) is new and newest(new, old) is new
    assert newest(Stamped("mine", 5.0), Stamped("stored", 5.0)).text == "mine"
    assert newest(None, old) is old and newest() is None


def test_a_stale_report_never_overrides_a_newer_send_of_the_box() -> None:
    tracker = DraftTracker.resumed(Stamped("", 0.0), "box")
    assert tracker.observe("typed", "At my last company", 1.5)  # the guard, after a pause
    assert tracker.observe("box", "At my last company I led it.", 5.4)  # the box, on Ctrl+Enter
    # Every later run repeats both values: repetition is not news.
    assert not tracker.observe("typed", "At my last company", 6.0)
    assert not tracker.observe("box", "At my last company I led it.", 6.0)
    assert tracker.latest == Stamped("At my last company I led it.", 5.4)
    assert tracker.unsaved


def test_a_source_that_disappears_and_comes_back_is_news_again() -> None:
    tracker = DraftTracker.resumed(Stamped("draft", 1.0), "box")
    assert not tracker.observe("box", "draft", 2.0)  # the box shows the stored draft
    tracker.observe("typed", "draft two", 3.0)
    tracker.observe("typed", None, 4.0)  # the guard is new on the page (another page and back)
    assert tracker.observe("typed", "draft two", 5.0)
    assert tracker.latest.at == 5.0


@pytest.mark.parametrize(
    ("status", "session_id", "session_status", "live"),
    [
        ("draft", None, None, True),  # Practice
        ("draft", 3, "active", True),  # a running interview
        ("draft", 3, "abandoned", False),
        ("submitted", None, None, False),
        ("graded", 3, "active", False),
    ],
)
def test_which_drafts_are_live(status, session_id, session_status, live) -> None:
    assert is_live_draft(status, session_id, session_status) is live
