"""Settings → Practice through AppTest with the real llama.cpp server: add a profile (its model
picked from the server's list, its key remembered), test it, grade with it at once (no restart),
compare it with the offline grader; then the key is nowhere it must not be."""

import logging
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim import catalog, paths
from sim.providers import keys, profiles
from tests.app_drafts import answer_box
from tests.llm_cassettes import ANSWER, QUESTION_ID
from tests.providers_llama import KEY, PROFILE, files_holding, slow_model_env, start_llama

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "sim/ui/app_pages/settings.py"
PRACTICE = "sim/ui/app_pages/practice.py"
pytestmark = pytest.mark.llama


@pytest.fixture(scope="module")
def llama():
    server = start_llama()
    yield server
    server.stop()


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["sim_test"] = "dummy"  # never read a developer's real secrets.toml
    return at


def _said(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.success, *at.error, *at.info, *at.warning])


def _add_profile(at: AppTest, base_url: str) -> None:
    at.switch_page(SETTINGS).run()
    at.text_input(key="provider_form::name").input(PROFILE)
    at.text_input(key="provider_form::base_url").input(base_url)
    at.text_input(key="provider_form::key").input(KEY)
    at.button(key="provider_form::list").click().run()
    listed = at.selectbox(key="provider_form::model_pick")
    model = next(m for m in listed.options if m.endswith("stories260K.gguf"))
    listed.set_value(model)
    at.checkbox(key="provider_form::remember").check()
    at.button(key="provider_form::add").click().run()
    assert not at.exception
    assert "Added the provider local llama" in _said(at)
    assert at.text_input(key="provider_form::key").value == ""  # the box is emptied at once


def test_add_test_grade_and_compare_with_a_profile(llama, monkeypatch, caplog) -> None:
    slow_model_env(monkeypatch)
    caplog.set_level(logging.DEBUG)  # every library's records, the SDK's requests included
    at = _app().run()
    _add_profile(at, llama.base_url)
    assert profiles.get(PROFILE).capability is None

    at.button(key=f"test::{PROFILE}").click().run()
    assert not at.exception
    assert "json-mode" in _said(at).replace("\\", "")
    shown = str(at.table[0].value)
    assert "JSON mode" in shown and "…n4Tq (remembered on this machine)" in shown
    assert profiles.get(PROFILE).capability == "json-mode"
    assert stat.S_IMODE(keys.file_path().stat().st_mode) == 0o600

    # Chosen for this grade on Practice: no restart, nothing else changed.
    at.switch_page(PRACTICE).run()
    grader = at.selectbox(key="grader_choice")
    assert any(o.startswith("local llama (") for o in grader.options)
    grader.set_value(f"llm:{PROFILE}")
    at.selectbox(key="question_choice").set_value(catalog.bank().get(QUESTION_ID)).run()
    answer_box(at).input(ANSWER).run()
    at.button(key="submit").click().run(timeout=900)
    assert not at.exception, at.exception
    assert {m.label for m in at.metric} == {"Clarity", "Depth", "Pragmatism", "Ownership"}
    assert any("Graded by llm" in c.value and "stories260K" in c.value for c in at.caption)
    # The interviewer's next probe is read out of this grade by the profile, not given up on.
    assert "LLM follow-up unavailable" not in caplog.text

    # Compare with the offline grader: the profile's grade is reused, the offline one added.
    attempt_id = at.session_state["last_attempt_id"]
    at.selectbox(key=f"cmp_a::{attempt_id}").set_value("offline")
    at.selectbox(key=f"cmp_b::{attempt_id}").set_value(f"llm:{PROFILE}")
    at.button(key=f"cmp_go::{attempt_id}").click().run(timeout=900)
    assert not at.exception
    table = at.table[-1].value
    columns = list(table.columns)
    assert columns[0] == "Offline heuristic" and columns[1].startswith("local llama (")
    assert columns[2:] == ["Spread", "Agreement"]
    assert list(table.index) == ["Overall", "Clarity", "Depth", "Pragmatism", "Ownership"]
    assert any("The graders agree on" in c.value or "no dimension" in c.value for c in at.caption)

    # The key: only in keys.json; not in the database, the log or the page.
    page = str(at._tree)
    assert catalog.bank().get(QUESTION_ID).prompt[:30] in page  # the scan sees the page
    assert KEY not in page
    assert KEY not in caplog.text
    assert files_holding(KEY, paths.data_dir()) == []
    assert files_holding(KEY, paths.config_dir()) == [keys.file_path()]
    assert KEY not in profiles.file_path().read_text()
