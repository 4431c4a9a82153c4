"""End to end in a real headless Chromium: `streamlit run` the app, complete a short timed
session, see the feedback, restart the server and find the answer in History."""

from pathlib import Path

import pytest

from sim.storage import repo, session_repo
from sim.storage.db import make_engine
from tests.browser_app import App, open_page, start_one_question, wait_for

ROOT = Path(__file__).resolve().parent.parent
ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()

pytestmark = pytest.mark.browser


def test_timed_session_feedback_and_history_after_restart(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        start_one_question(page)
        page.get_by_text("question 1 of 1").wait_for()
        page.get_by_text("left of").first.wait_for()  # the clock is visible
        box = page.get_by_role("textbox", name="Your answer")
        box.fill(ANSWER)
        box.press("Control+Enter")
        page.get_by_role("button", name="Submit answer").click()
        skip = page.get_by_role("button", name="Skip this question")
        skip.click()  # decline the first interviewer follow-up...
        wait_for(lambda: len(_probes()) == 2, 30, "the second follow-up was not asked")
        skip.click()  # ...and the second
        page.get_by_text("Overall:").wait_for()
        assert page.get_by_text("Clarity").first.is_visible()
        page.screenshot(path=str(tmp_path / "feedback.png"))
    finally:
        app.stop()

    app.start()  # the same data directory after a restart
    try:
        page = open_page(browser, app)
        page.get_by_role("link", name="History").click()
        page.get_by_text("Your answer", exact=True).wait_for()
        # The stored text renders after its heading: wait for it rather than look at once.
        page.get_by_text(ANSWER.splitlines()[0][:40]).first.wait_for()
    finally:
        app.stop()


def test_draft_saved_while_typing_survives_a_refresh(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        start_one_question(page)
        box = page.get_by_role("textbox", name="Your answer")
        box.click()
        box.press_sequentially("Requirements first: reads dominate writes", delay=20)
        # A pause in typing, the box never losing focus: the guard's report reaches the server.
        wait_for(lambda: _draft_text() == "Requirements first: reads dominate writes", 30)
        page.reload()  # a refresh (a new browser session on the same server)
        restored = page.get_by_role("textbox", name="Your answer")
        restored.wait_for()
        assert restored.input_value() == "Requirements first: reads dominate writes"
    finally:
        app.stop()


def _probes() -> list:
    attempts = repo.list_attempts(make_engine(), limit=1)
    return session_repo.follow_ups(make_engine(), attempts[0].id) if attempts else []


def _draft_text() -> str | None:
    attempts = repo.list_attempts(make_engine(), limit=1)
    return attempts[0].answer if attempts else None
