"""Session reports in the app: the report after a round, and the same report reopened from
History after a restart (a new AppTest on the same database), downloaded in both formats."""

from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from sim import session_reports
from sim.domain.report import to_html, to_markdown
from sim.storage.db import make_engine
from tests.app_forms import open_history_tab

ROOT = Path(__file__).resolve().parent.parent
ANSWER = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()


class _KeptFiles(MemoryMediaFileStorage):
    """The media storage AppTest builds for each run, keeping what was stored after the run so a
    test can read what a download button would send."""

    files: dict[str, bytes] = {}

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None) -> str:
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        self.files[file_id] = self.get_file(file_id).content
        return file_id


@pytest.fixture(autouse=True)
def _kept_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    _KeptFiles.files = {}
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _KeptFiles)


def _downloads(at: AppTest) -> dict[str, str]:
    """Label -> the text the button downloads."""
    found = {}
    for button in at.get("download_button"):
        file_id = Path(button.proto.url).stem
        found[button.proto.label] = _KeptFiles.files[file_id].decode("utf-8")
    return found


def _app(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _finish_a_round() -> AppTest:
    at = _app("sim/ui/app_pages/interview.py")
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value("sd-url-shortener").run()
    at.button(key="start_single").click().run()
    next(t for t in at.text_area if t.label == "Your answer").input(ANSWER).run()
    at.button(key="submit_answer").click().run()
    while any(b.key == "decline_follow_up" for b in at.button):  # skip the interviewer's probes
        at.button(key="decline_follow_up").click().run()
    assert not at.exception
    return at


def _numbered_block(at: AppTest, after: str) -> str:
    values = [m.value for m in at.markdown]
    return values[values.index(after) + 1]


def test_feedback_numbers_its_improvements_in_one_list() -> None:
    at = _finish_a_round()
    block = _numbered_block(at, "**What would lift this answer most**")
    assert block.startswith("1. ") and "\n2. " in block


def test_report_reopened_from_history_after_a_restart_is_the_same_report() -> None:
    at = _finish_a_round()
    at.button(key="next_question").click().run()
    assert not at.exception
    report = session_reports.report(make_engine(), 1)
    assert report.verdict is not None and len(report.improvements) == 3
    assert f"**Round verdict: {report.verdict.label}**" in [m.value for m in at.markdown]
    block = _numbered_block(at, "**The three improvements that matter most**")
    assert [line[:3] for line in block.splitlines()] == ["1. ", "2. ", "3. "]
    after_round = _downloads(at)
    assert set(after_round) == {"Download Markdown", "Download printable HTML"}

    restarted = open_history_tab(
        _app("sim/ui/app_pages/history.py"), "Sessions"
    )  # a new browser session, same database
    sessions_table = next(d for d in restarted.dataframe if "verdict" in d.value.columns)
    assert list(sessions_table.value["verdict"]) == [report.verdict.label]
    restarted.selectbox(key="history_session").set_value(1).run()
    assert not restarted.exception
    shown = [m.value for m in restarted.markdown]
    assert f"**Round verdict: {report.verdict.label}**" in shown
    assert "**What to practise next**" in shown
    reopened = _downloads(restarted)
    assert reopened == after_round
    assert reopened["Download Markdown"] == to_markdown(report)
    assert reopened["Download printable HTML"] == to_html(report)
    assert "## Round verdict:" in reopened["Download Markdown"]
    assert "<h2>What to practise next</h2>" in reopened["Download printable HTML"]
