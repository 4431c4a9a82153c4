"""In a real headless Chromium against `streamlit run` and the real llama.cpp server: add a
provider profile on Settings (model picked from the server's list, key remembered), test it,
grade a Practice answer with it without restarting the app, compare it with the offline grader;
then the key is in no database file, no line of the server's log and nowhere in the page."""

import re
import stat

import pytest

from sim import paths
from sim.providers import keys, profiles
from sim.ui.state_keys import answer_text, practice_slot
from tests.browser_app import App, choose, keyed, open_page
from tests.providers_llama import KEY, PROFILE, files_holding, slow_model_env, start_llama

pytestmark = [pytest.mark.browser, pytest.mark.llama]
ANSWER = (
    "Requirements first: 100M new links a day, 10B redirects a day, three regions. I would use "
    "a key-value store keyed by the short code, because reads dominate writes, with a cache in "
    "front of it and base62 codes from a counter range per writer so no two writers collide."
)
GRADE_WAIT_MS = 900_000  # the tiny model on a busy 2-core machine


@pytest.fixture(scope="module")
def llama():
    server = start_llama()
    yield server
    server.stop()


def _type(page, key: str, text: str) -> None:
    box = keyed(page, key).locator("input")
    box.fill(text)
    box.press("Enter")  # Streamlit takes a text input's value on Enter


def test_add_test_grade_and_compare_in_the_browser(browser, llama, tmp_path, monkeypatch) -> None:
    from playwright.sync_api import expect

    slow_model_env(monkeypatch)
    log = tmp_path / "server.log"
    app = App(paths.data_dir(), log_file=log)
    app.start()
    try:
        page = open_page(browser, app)
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("heading", name="LLM providers").wait_for()
        _type(page, "provider_form::name", PROFILE)
        _type(page, "provider_form::base_url", llama.base_url)
        _type(page, "provider_form::key", KEY)
        page.get_by_role("button", name="List the server's models").click()
        choose(page, "Model (listed by the server)", "stories260K")
        keyed(page, "provider_form::remember").get_by_text("remember on this machine").click()
        page.get_by_role("button", name="Add provider").click()
        expect(page.get_by_text("Added the provider local llama")).to_be_visible()

        keyed(page, f"test::{PROFILE}").get_by_role("button").click()
        expect(page.get_by_text("Structured output: json-mode")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("…n4Tq (remembered on this machine)")).to_be_visible()
        assert stat.S_IMODE(keys.file_path().stat().st_mode) == 0o600
        assert profiles.get(PROFILE).capability == "json-mode"

        # The same server process, no restart: Practice offers the profile at once.
        page.get_by_role("link", name="Practice").click()
        page.get_by_role("heading", name="Practice").wait_for()
        choose(page, "Grader", PROFILE)
        choose(page, "Question", "Design a URL shortening")
        box = keyed(page, answer_text(practice_slot("sd-url-shortener", 0))).get_by_role(
            "textbox", name="Your answer"
        )
        box.fill(ANSWER)
        box.press("Control+Enter")
        page.get_by_role("button", name="Submit for feedback").click()
        expect(page.get_by_text("Graded by llm")).to_be_visible(timeout=GRADE_WAIT_MS)
        expect(page.get_by_text("stories260K").first).to_be_visible()

        page.get_by_text("Compare graders on this answer").wait_for()
        choose(page, "Second grader", PROFILE)
        page.get_by_role("button", name="Compare graders").click()
        # The profile's grade of this answer is reused; only the offline grader runs now.
        summary = page.get_by_text(re.compile(r"The graders agree on|judged no dimension"))
        expect(summary).to_be_visible(timeout=120_000)
        table = page.locator("table").last
        for row in ("Overall", "Clarity", "Depth", "Pragmatism", "Ownership", "Spread"):
            expect(table).to_contain_text(row)
        expect(table).to_contain_text("Offline heuristic")

        content = page.content()
        assert "Design a URL shortening" in content  # the scan reads the rendered page
        assert KEY not in content
    finally:
        app.stop()
    assert log.stat().st_size > 0 and KEY not in log.read_text(errors="replace")
    assert files_holding(KEY, paths.data_dir()) == []
    assert files_holding(KEY, paths.config_dir()) == [keys.file_path()]
