"""The Grader choice through AppTest, no server needed: each profile is offered on Practice, Mock
interview and Stories, the default marked; "Make default" on Settings changes it in the running
app; a URL with credentials is refused on the form without echoing them; a broken
providers.json is named and the pages go on."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim.providers import profiles
from sim.providers.profiles import Profile

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "sim/ui/app_pages/practice.py": "grader_choice",
    "sim/ui/app_pages/interview.py": "session_grader",
    "sim/ui/app_pages/stories.py": "story_grader",
}


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    return at.run()


def _open_a_story(at: AppTest) -> None:
    """The Stories grader appears with a saved story: save one through the form."""
    from sim.domain.stories import StoryFields
    from sim.storage.db import make_engine
    from sim.stories import service as stories

    story = stories.save_story(
        make_engine(),
        StoryFields(
            title="Cut the deploy time",
            situation="Deploys took an hour.",
            task="I owned the pipeline.",
            action="I split the build and cached layers.",
            result="Deploys took 8 minutes.",
        ),
    )
    at.session_state["story_choice"] = story.id


def test_each_page_offers_the_profile_and_make_default_moves_it(monkeypatch) -> None:
    profiles.put(
        Profile(name="lab", kind="compatible", base_url="http://127.0.0.1:9/v1", model="m")
    )
    at = _app()
    _open_a_story(at)
    for page, key in PAGES.items():
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.selectbox(key=key).options == ["Offline heuristic · default", "lab (m)"], page

    at.switch_page("sim/ui/app_pages/settings.py").run()
    at.button(key="default::lab").click().run()
    assert "lab is now the default grader" in " ".join(s.value for s in at.success).replace(
        "\\", ""
    )
    for page, key in PAGES.items():
        at.switch_page(page).run()
        box = at.selectbox(key=key)
        assert box.options[0] == "lab (m) · default", page
        assert box.value == "llm:lab" or key != "grader_choice"


def test_a_url_with_credentials_is_refused_on_the_form() -> None:
    at = _app()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    at.text_input(key="provider_form::name").input("lab")
    at.text_input(key="provider_form::base_url").input("http://admin:hunter2pass@10.0.0.5/v1")
    at.text_input(key="provider_form::model").input("m")
    at.button(key="provider_form::add").click().run()
    said = " ".join(e.value for e in at.error).replace("\\", "")
    assert "not added" in said and "base_url: must not carry credentials" in said
    assert "hunter2pass" not in said and "hunter2pass" not in str(at._tree).replace(
        "http://admin:hunter2pass@10.0.0.5/v1", ""
    )
    assert not profiles.file_path().exists()
    # Nothing typed is lost: the form still holds it for the user to fix.
    assert at.text_input(key="provider_form::name").value == "lab"


def test_a_broken_profiles_file_is_named_and_the_pages_go_on() -> None:
    path = profiles.file_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"profiles": [{"name": "lab", "kind": "ollama"}]}')
    at = _app()
    assert not at.exception
    warned = " ".join(w.value for w in at.warning).replace("\\", "")
    assert f"{path}: profiles[0] ('lab').kind" in warned
    assert at.selectbox(key="grader_choice").options == ["Offline heuristic · default"]
    at.switch_page("sim/ui/app_pages/settings.py").run()
    assert any("profiles[0] ('lab').kind" in e.value.replace("\\", "") for e in at.error)
    assert path.read_text() == '{"profiles": [{"name": "lab", "kind": "ollama"}]}'


def test_a_session_key_reaches_the_interview_and_stories_graders(monkeypatch) -> None:
    """A key kept for this browser session only grades on every page: the profile's server
    (nothing listens on port 9) is really called, with the profile's URL in the call log; another
    browser session has no key and is told so."""
    from sim.storage import repo
    from sim.storage.db import make_engine

    monkeypatch.setenv("SIM_LLM_MAX_RETRIES", "0")
    profiles.put(Profile(name="lab", kind="openai", base_url="http://127.0.0.1:9/v1", model="m"))
    at = _app()
    _open_a_story(at)
    at.switch_page("sim/ui/app_pages/settings.py").run()
    at.text_input(key="provider_key::lab").input("sk-session-only-9f8e7d6c5b4a")
    at.button(key="keep_key::lab").click().run()
    assert "kept for this browser session" in " ".join(s.value for s in at.success)
    assert not (profiles.file_path().parent / "keys.json").exists()

    at.switch_page("sim/ui/app_pages/interview.py").run()
    at.selectbox(key="session_grader").set_value("llm:lab").run()
    assert not at.error  # the key is known in this session
    at.radio(key="start_mode").set_value("question").run()
    at.selectbox(key="start_question").set_value("bh-influence-cross-team-standard").run()
    at.button(key="start_single").click().run()
    next(t for t in at.text_area if t.label == "Your answer").input(
        "I led the move to one deploy standard across four teams."
    ).run()
    at.button(key="submit_answer").click().run()
    assert not at.exception
    calls = repo.llm_calls(make_engine())
    assert calls and {(c["endpoint"], c["outcome"]) for c in calls} == {
        ("http://127.0.0.1:9/v1", "unavailable")
    }

    at.switch_page("sim/ui/app_pages/stories.py").run()
    at.selectbox(key="story_grader").set_value("llm:lab")
    at.button(key="story_grade").click().run()
    said = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Could not reach the LLM at http://127.0.0.1:9/v1" in said

    other = _app()  # another browser session: no key typed there
    other.switch_page("sim/ui/app_pages/interview.py").run()
    other.selectbox(key="session_grader").set_value("llm:lab").run()
    assert any("no API key in this session" in e.value for e in other.error)


def test_edit_keeps_a_detection_only_while_the_endpoint_is_unchanged() -> None:
    from datetime import UTC, datetime

    at_time = datetime(2026, 12, 1, tzinfo=UTC)
    profiles.put(
        Profile(
            name="lab", kind="compatible", base_url="http://127.0.0.1:9/v1", model="m"
        ).detected("json-mode", at_time)
    )
    at = _app()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    at.button(key="edit::lab").click().run()
    assert at.text_input(key="provider_form::name").disabled
    assert at.text_input(key="provider_form::base_url").value == "http://127.0.0.1:9/v1"
    at.button(key="provider_form::add").click().run()  # saved unchanged: still detected
    assert profiles.get("lab").capability == "json-mode"
    assert profiles.get("lab").detected_at == at_time

    at.button(key="edit::lab").click().run()
    at.text_input(key="provider_form::model").input("other-model")
    at.button(key="provider_form::add").click().run()
    assert not at.exception
    assert "test its connection again" in " ".join(s.value for s in at.success)
    edited = profiles.get("lab")
    assert (edited.model, edited.capability, edited.detected_at) == ("other-model", None, None)
    assert [p.name for p in profiles.load().profiles] == ["lab"]


def test_remove_asks_first_then_drops_the_profile_and_its_key() -> None:
    from pydantic import SecretStr

    from sim.providers import keys

    profiles.put(Profile(name="lab", kind="openai", model="m"))
    keys.remember("lab", SecretStr("sk-remove-me-1234567890"))
    at = _app()
    at.switch_page("sim/ui/app_pages/settings.py").run()
    at.button(key="remove::lab").click().run()
    assert profiles.get("lab") is not None  # only asked so far
    at.button(key="remove::lab::yes").click().run()
    assert not at.exception
    assert profiles.get("lab") is None and keys.read_file() == {}
    assert "Removed the provider lab" in " ".join(s.value for s in at.success)
