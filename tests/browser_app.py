"""The app as a real server for the browser tests: `streamlit run` on a free port with its own
data directory, and the Chromium it is driven with (see the `browser` fixture in conftest)."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

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


class App:
    def __init__(
        self,
        data_dir: Path,
        log_file: Path | None = None,
        env: dict[str, str] | None = None,
        secrets_file: Path | None = None,
    ) -> None:
        self.port = free_port()
        self.data_dir = data_dir
        self.log_file = log_file  # the server's output, for a test that reads its log
        self.env = env or {}  # e.g. DATABASE_URL for a server on PostgreSQL
        # The only secrets file Streamlit reads (sign-in's [auth]); by default one that does not
        # exist, so a developer's .streamlit/secrets.toml in the checkout is never read.
        self.secrets_file = secrets_file or data_dir.parent / "no-secrets.toml"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "SIM_DATA_DIR": str(self.data_dir), **self.env}
        output = open(self.log_file, "wb") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
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
                "--secrets.files",
                str(self.secrets_file),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
        if self.log_file:
            output.close()  # the server holds its own copy of the descriptor
        wait_for(self._healthy, 60, "streamlit did not start")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                # A loaded machine can take long to wind down open sessions; the test needs
                # only the process gone (its database is committed), so a kill ends a slow one.
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def wait_for(condition: Callable[[], object], timeout: float = 30, what: str = "") -> object:
    """Poll a condition the browser cannot see (the server's database, its health) until true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise TimeoutError(what or "condition not met")


# How long a page waits for what it expects: a bound, never a measure (nothing asserts speed).
# Generous because the other xdist worker and the machine's other work share the CPU with the
# server under test.
PAGE_WAIT_MS = 60_000


def open_page(browser, app: App):
    page = browser.new_page()
    page.set_default_timeout(PAGE_WAIT_MS)
    page.goto(app.url)
    return page


def start_one_question(page, search: str | None = None) -> None:
    """Start a one-question interview; `search` is typed into the picker (words of its label)."""
    page.get_by_role("link", name="Mock interview").click()
    page.get_by_text("One question", exact=True).click()
    if search:
        choose(page, "Question", search)
    start = page.get_by_role("button", name="Start", exact=True)
    start.wait_for()
    start.click()


# The "Running..." indicator in the page's header while the server runs the script.
RUNNING_JS = "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"


def wait_until_idle(page, timeout_ms: int = PAGE_WAIT_MS) -> None:
    """Until the script run in progress has finished: a choice made during a run can be
    overtaken by the run's own end (a loaded machine makes the window wide)."""
    page.wait_for_function(RUNNING_JS, timeout=timeout_ms)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing part of it, once the page's script run
    has finished (a pick made during a run can be overtaken by the run's end)."""
    wait_until_idle(page)
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()


def keyed(page, key: str):
    """The element of the widget with this session-state key (Streamlit marks it st-key-...)."""
    return page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip()))
