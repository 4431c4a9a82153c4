"""The whiteboard in a real headless Chromium: typed DOT is drawn as SVG by the renderer the app
serves itself (no request leaves this machine), saved while typing, and drawn again after a
refresh."""

import pytest

from sim.domain.diagram import WHITEBOARD
from sim.storage import repo
from sim.storage.db import make_engine
from sim.ui.state_keys import board_text, practice_slot
from tests.browser_app import App, choose, keyed, open_page, wait_for
from tests.test_e2e_drafts import URL_SHORTENER

pytestmark = pytest.mark.browser
DOT = 'digraph {\n"Shortener API" -> Postgres\n"Shortener API" -> Redis [label=lookup]\n}'


def _stored_diagram() -> str | None:
    attempts = repo.list_attempts(make_engine(), limit=1)
    return attempts[0].diagram if attempts else None


def _assert_drawn(page) -> None:
    from playwright.sync_api import expect

    svg = page.locator('[data-testid="stGraphVizChart"] svg').first
    expect(svg).to_be_visible(timeout=30_000)
    labels = svg.locator("g.node text")
    expect(labels).to_have_count(3, timeout=30_000)
    assert sorted(labels.all_text_contents()) == ["Postgres", "Redis", "Shortener API"]
    assert svg.locator("g.edge").count() == 2


def test_typed_dot_is_drawn_as_svg_offline_and_again_after_a_refresh(browser, tmp_path) -> None:
    from playwright.sync_api import expect

    app = App(tmp_path / "data")
    app.start()
    try:
        page = open_page(browser, app)
        elsewhere: list[str] = []
        local = (app.url, "data:", "blob:")
        page.on("request", lambda r: r.url.startswith(local) or elsewhere.append(r.url))
        page.get_by_role("heading", name="Practice").wait_for()
        choose(page, "Question", URL_SHORTENER)
        board = keyed(page, board_text(practice_slot("sd-url-shortener", 0))).get_by_role(
            "textbox", name=WHITEBOARD
        )
        board.click()
        board.press_sequentially(DOT, delay=5)  # typing, never leaving the box
        assert board.input_value() == DOT, "every keystroke reached the box"
        # The save runs on the server after the keystrokes; a busy machine takes longer.
        wait_for(lambda: _stored_diagram() == DOT, 90, "the diagram was not saved while typing")
        board.press("Control+Enter")  # send it to the page: drawn from the box's text
        _assert_drawn(page)
        assert not elsewhere, elsewhere  # the renderer and its wasm come from the app itself

        page.reload()
        board = page.get_by_role("textbox", name=WHITEBOARD)
        expect(board).to_have_value(DOT, timeout=30_000)
        _assert_drawn(page)
        assert not elsewhere, elsewhere
    finally:
        app.stop()
