"""Drafts in a real headless Chromium: Practice brings back the question, the text and the
remaining time after a refresh and a restart; at zero the interview submits the newest text the
server has; History lists a running interview's draft as live and offers no re-grade."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from sim import sessions
from sim.domain.statuses import AttemptStatus
from sim.storage import repo
from sim.storage.db import make_engine
from sim.ui.state_keys import answer_text, practice_slot
from tests.app_drafts import age_attempt
from tests.browser_app import (
    PAGE_WAIT_MS,
    App,
    choose,
    keyed,
    open_page,
    start_one_question,
    wait_for,
)

pytestmark = pytest.mark.browser
CLOCK = re.compile(r"(\d+):(\d\d) left of")
URL_SHORTENER = "Design a URL shortening"  # typed into a question picker to find it


def _stored(attempt_id: int | None = None):
    engine = make_engine()
    if attempt_id is not None:
        return repo.get_attempt(engine, attempt_id)
    attempts = repo.list_attempts(engine, limit=1)
    return attempts[0] if attempts else None


def _seconds_left(page) -> int:
    clock = page.get_by_text(CLOCK).first
    clock.wait_for()
    found = CLOCK.search(clock.inner_text())
    return int(found[1]) * 60 + int(found[2])


def _assert_restored(page, text: str) -> None:
    from playwright.sync_api import expect

    box = page.get_by_role("textbox", name="Your answer")
    expect(box).to_have_value(text, timeout=30_000)  # a restarted server's first load
    # The question, not the page's default one.
    expect(page.get_by_role("combobox", name="Question")).to_have_value(
        re.compile(r"^URL shortener · Design a URL shortening .*\(45 min\)$"), timeout=30_000
    )
    assert page.get_by_role("heading", name=re.compile("Design a URL shortening")).is_visible()
    # The clock runs from the draft's stored start (five minutes back), not from the reload.
    draft = _stored()
    expected = draft.time_limit_s - (datetime.now(UTC) - draft.started_at).total_seconds()
    assert expected < 40 * 60
    assert abs(_seconds_left(page) - expected) <= 5, (_seconds_left(page), expected)


def test_practice_refresh_and_restart_bring_back_question_text_and_time(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    text = "Requirements first: 100M new links a month, reads dominate writes."
    try:
        page = open_page(browser, app)
        page.get_by_role("heading", name="Practice").wait_for()
        choose(page, "Question", URL_SHORTENER)
        # That question's own box (it replaces the default question's, with the same label).
        box = keyed(page, answer_text(practice_slot("sd-url-shortener", 0))).get_by_role(
            "textbox", name="Your answer"
        )
        box.click()
        box.press_sequentially(text, delay=10)  # typing, never leaving the box
        from playwright.sync_api import expect

        expect(box).to_have_value(text)  # every keystroke reached the box before we look
        # Saved after a pause in typing; a busy machine's first grading data build can delay it.
        draft = wait_for(
            lambda: (a := _stored()) and a.answer == text and a, 90, "the draft was not saved"
        )
        assert draft.status == AttemptStatus.DRAFT and draft.question_id == "sd-url-shortener"
        age_attempt(make_engine(), draft.id, 5 * 60)  # five minutes into the answer
        page.reload()
        _assert_restored(page, text)
        page.close()  # the tab is closed...
    finally:
        app.stop()
    app.start()  # ...and the server restarted
    try:
        _assert_restored(open_page(browser, app), text)
    finally:
        app.stop()


def test_time_out_submits_the_newest_text_the_server_has(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    engine = make_engine()
    session_id = sessions.start_session(engine, question_id="bh-influence-cross-team-standard")
    attempt = sessions.state(engine, session_id).attempt
    age_attempt(engine, attempt.id, attempt.time_limit_s - 30)  # 30 seconds left
    deadline = _stored(attempt.id).started_at + timedelta(seconds=attempt.time_limit_s)
    older = "Four teams each ran their own deploy tooling."
    newest = older + " I wrote the proposal and ran the pilot."
    try:
        page = open_page(browser, app)
        page.get_by_role("link", name="Mock interview").click()
        box = page.get_by_role("textbox", name="Your answer")
        box.click()
        box.press_sequentially(older, delay=10)
        wait_for(lambda: _stored(attempt.id).answer == older, 20, "the guard did not report")
        # Half a second before zero the box sends the newer text (Ctrl+Enter); the guard's next
        # report would come 1.5 s after that typing, after zero.
        page.wait_for_function(f"Date.now() >= {deadline.timestamp() * 1000 - 500}")
        box.fill(newest)
        box.press("Control+Enter")
        # Submitted at zero: the interviewer's follow-up shows the answer as it was taken.
        page.get_by_role("textbox", name="Your reply").wait_for()
        stored = _stored(attempt.id)
        assert stored.status != AttemptStatus.DRAFT
        assert stored.answer == newest, (stored.submitted_at, stored.draft_saved_at, deadline)
        page.get_by_text(newest).first.wait_for()
    finally:
        app.stop()


def test_history_lists_a_live_draft_as_such_with_no_regrade(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    text = "Requirements first: reads dominate writes."
    try:
        page = open_page(browser, app)
        start_one_question(page, URL_SHORTENER)
        box = page.get_by_role("textbox", name="Your answer")
        box.click()
        box.press_sequentially(text, delay=10)
        wait_for(lambda: (a := _stored()) and a.answer == text, 30, "the draft was not saved")
        # History in another tab (a first click on a page link right after typing is taken by
        # the box's own commit on losing focus, a Streamlit behaviour this test is not about).
        history = browser.new_page()
        history.set_default_timeout(PAGE_WAIT_MS)
        history.goto(app.url + "/history")
        history.get_by_text("running interview").first.wait_for()
        assert history.get_by_text("live draft").first.is_visible()
        assert history.get_by_role("button", name=re.compile("Re-grade")).count() == 0
        page = history
        page.get_by_role("link", name="Mock interview").click()
        box = page.get_by_role("textbox", name="Your answer")
        box.wait_for()
        assert box.input_value() == text  # still answering, text and clock intact
        assert _seconds_left(page) > 40 * 60
        assert _stored().status == AttemptStatus.DRAFT
    finally:
        app.stop()
