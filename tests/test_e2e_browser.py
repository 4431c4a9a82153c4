"""End to end in a real headless Chromium: `streamlit run` the app, complete a short timed
session, see the feedback, restart the server and find the answer in History."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need_or_skip
from tests.llama_server import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()

pytestmark = pytest.mark.browser


class App:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "SIM_DATA_DIR": str(self.data_dir)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError("streamlit did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def browser():
    need_or_skip(Path(CHROMIUM).exists(), "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    need_or_skip(sync_playwright is not None, "playwright is not installed (dev extras)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _open(browser, app: App):
    page = browser.new_page()
    page.set_default_timeout(30_000)
    page.goto(app.url)
    return page


def _start_one_question(page) -> None:
    page.get_by_role("link", name="Mock interview").click()
    page.get_by_text("One question", exact=True).click()
    start = page.get_by_role("button", name="Start", exact=True)
    start.wait_for()
    start.click()


def test_timed_session_feedback_and_history_after_restart(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    try:
        page = _open(browser, app)
        _start_one_question(page)
        page.get_by_text("question 1 of 1").wait_for()
        page.get_by_text("left of").first.wait_for()  # the clock is visible
        box = page.get_by_role("textbox", name="Your answer")
        box.fill(ANSWER)
        box.press("Control+Enter")
        page.get_by_role("button", name="Submit answer").click()
        for _ in range(2):  # decline both interviewer follow-ups
            page.get_by_role("button", name="Skip this question").click()
            page.wait_for_timeout(500)
        page.get_by_text("Overall:").wait_for()
        assert page.get_by_text("Clarity").first.is_visible()
        page.screenshot(path=str(tmp_path / "feedback.png"))
    finally:
        app.stop()

    app.start()  # the same data directory after a restart
    try:
        page = _open(browser, app)
        page.get_by_role("link", name="History").click()
        page.get_by_text("Your answer", exact=True).wait_for()
        assert page.get_by_text(ANSWER.splitlines()[0][:40]).first.is_visible()
    finally:
        app.stop()


def test_draft_saved_while_typing_survives_a_refresh(browser, tmp_path) -> None:
    app = App(tmp_path / "data")
    app.start()
    try:
        page = _open(browser, app)
        _start_one_question(page)
        box = page.get_by_role("textbox", name="Your answer")
        box.click()
        box.press_sequentially("Requirements first: reads dominate writes", delay=20)
        page.wait_for_timeout(4000)  # a pause in typing; the box never lost focus
        page.reload()  # a refresh (a new browser session on the same server)
        restored = page.get_by_role("textbox", name="Your answer")
        restored.wait_for()
        assert restored.input_value() == "Requirements first: reads dominate writes"
    finally:
        app.stop()
