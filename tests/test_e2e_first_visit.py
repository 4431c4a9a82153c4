"""The answer box's small frictions in a real headless Chromium: no "Press Ctrl+Enter to apply"
on a box that saves itself, feedback scrolled into view after a submit, and the 5-minute warning
joining the clock's line without moving the box being typed in."""

import pytest

from sim import sessions
from sim.storage import session_repo
from sim.storage.db import make_engine
from sim.ui.state_keys import answer_text, practice_slot
from tests.app_drafts import age_attempt
from tests.browser_app import App, choose, keyed, open_page

pytestmark = pytest.mark.browser
ANSWER = (
    "Requirements first: 100M new links a day, 10B redirects a day, three regions. "
    "I would use a key-value store keyed by the short code, because reads dominate writes."
)


def _practice_box(page, question_id: str, search: str):
    page.get_by_role("heading", name="Practice").wait_for()
    choose(page, "Question", search)
    box = keyed(page, answer_text(practice_slot(question_id, 0)))
    return box, box.get_by_role("textbox", name="Your answer")


def test_the_autosaving_box_shows_no_ctrl_enter_hint(browser, tmp_path) -> None:
    from playwright.sync_api import expect

    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        container, box = _practice_box(page, "sd-url-shortener", "Design a URL shortening")
        box.click()
        box.press_sequentially("Requirements first", delay=10)  # typed, not yet sent
        hint = container.get_by_test_id("InputInstructions")
        expect(hint).to_be_attached()  # Streamlit renders it for a changed box...
        expect(hint).to_be_hidden()  # ...and the answer box does not show it
    finally:
        app.stop()


def test_feedback_is_scrolled_into_view_after_submit(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        page.set_viewport_size({"width": 1280, "height": 720})
        _, box = _practice_box(page, "sd-url-shortener", "Design a URL shortening")
        box.fill(ANSWER)
        box.press("Control+Enter")
        page.get_by_role("button", name="Submit for feedback").click()
        # The feedback's heading arrives and is brought up to the top half of the view.
        page.wait_for_function(
            """() => {
              const h = [...document.querySelectorAll("h3")]
                .find((e) => e.textContent.startsWith("Overall:"));
              if (!h) return false;
              const top = h.getBoundingClientRect().top;
              return top >= 0 && top < window.innerHeight / 2;
            }""",
            timeout=30_000,
        )
    finally:
        app.stop()


def test_the_five_minute_warning_does_not_move_the_answer_box(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    engine = make_engine()
    session_id = sessions.start_session(engine, question_id="bh-influence-cross-team-standard")
    attempt = sessions.state(engine, session_id).attempt
    age_attempt(engine, attempt.id, attempt.time_limit_s - 315)  # 5:15 left
    try:
        page = open_page(browser, app)
        page.get_by_role("link", name="Mock interview").click()
        box = page.get_by_role("textbox", name="Your answer")
        box.click()
        box.press_sequentially("Four teams", delay=10)
        page.get_by_text("left of 7:00").first.wait_for()
        warning = page.get_by_text("Less than 5 minutes left.")
        assert warning.count() == 0, "measure before the warning: start further from 5:00"
        before = box.bounding_box()
        warning.first.wait_for()  # the warning arrives while the candidate types
        box.press_sequentially(" each ran their own deploy tooling.", delay=10)
        after = box.bounding_box()
        assert after["y"] == before["y"], (before, after)
        assert box.input_value().endswith("deploy tooling.")  # typing went on undisturbed
        assert session_repo.active_session(engine) is not None
    finally:
        app.stop()
