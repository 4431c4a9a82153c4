"""The app when something around it is wrong: a bad setting, a broken user question file,
credentials in a URL, a database that is down. One clear message each, never a traceback."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["sim_test"] = "dummy"
    return at


def _plain(markdown: str) -> str:
    return markdown.replace("\\", "")  # pages escape user text; compare the words


def _shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    parts += [m.value for m in (*at.markdown, *at.caption)] + [str(t.value) for t in at.table]
    return _plain("\n".join(parts))


@pytest.mark.parametrize("page", [None, "sim/ui/app_pages/settings.py"])
def test_a_bad_setting_is_named_on_every_page(monkeypatch: pytest.MonkeyPatch, page) -> None:
    monkeypatch.setenv("SIM_LLM_TIMEOUT_S", "sixty")
    at = _app().run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    errors = [_plain(e.value) for e in at.error]
    assert any("SIM_LLM_TIMEOUT_S" in e and "sixty" in e for e in errors), errors
