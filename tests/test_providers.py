"""Provider profiles and their keys on disk: providers.json in the config directory (never the
database), keys.json at 0600, URLs with credentials refused, broken files named and left alone,
and the grader a choice resolves to (the profile's stored capability, the default made)."""

import json
import os
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from sim import paths
from sim.domain.agreement import AGREE, ONE_SIDED, DimensionAgreement
from sim.providers import choices, keys, profiles
from sim.providers.choices import ProviderKeyMissing, UnknownProvider
from sim.providers.profiles import Profile, ProviderFileError
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-proj-Zq81testkeyvalue7Kp2"


def _local(**extra) -> Profile:
    return Profile(
        name="local", kind="compatible", base_url="http://127.0.0.1:8080/v1", model="m", **extra
    )


def test_profiles_live_in_the_config_dir_apart_from_the_data_dir(tmp_path) -> None:
    profiles.put(_local())
    assert profiles.file_path() == tmp_path / "config" / "providers.json"
    assert profiles.get("local") == _local()
    assert not any(paths.data_dir().glob("*.json")) if paths.data_dir().exists() else True


def test_config_dir_defaults_to_the_platform_user_config_dir(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SIM_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert paths.config_dir() == tmp_path / "xdg" / "staff-sim"


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@127.0.0.1:8080/v1",
        "https://token@example.test/v1",
        "https://example.test/v1?key=abc123",
        "https://example.test/v1?api-key=abc123",
    ],
)
def test_a_url_with_credentials_is_refused(url) -> None:
    with pytest.raises(ValidationError) as info:
        Profile(name="x", kind="compatible", base_url=url, model="m")
    said = profiles.form_problems(info.value)
    assert said.startswith("base_url: must not carry")
    assert "secret" not in said.removeprefix("base_url: must not carry")
    assert "abc123" not in said and "token@" not in said


def test_a_hand_edited_file_names_file_field_and_profile_and_is_kept(tmp_path) -> None:
    path = profiles.file_path()
    path.parent.mkdir(parents=True)
    text = json.dumps(
        {
            "version": 1,
            "profiles": [
                {"name": "ok", "kind": "openai"},
                {
                    "name": "lab",
                    "kind": "compatible",
                    "base_url": "http://u:pw@h:1/v1",
                    "model": "m",
                },
            ],
        }
    )
    path.write_text(text)
    with pytest.raises(ProviderFileError) as info:
        profiles.load()
    message = str(info.value)
    assert str(path) in message and "profiles[1] ('lab').base_url" in message
    assert "pw" not in message
    with pytest.raises(ProviderFileError):
        profiles.put(_local())  # never overwrites what it cannot read
    assert path.read_text() == text
    # Every page still offers the graders it can: the file's problem is said, not raised.
    assert choices.choice_names() == ["offline"]
    assert str(path) in choices.stored_profiles()[1]


def test_invalid_json_names_the_line() -> None:
    path = profiles.file_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"profiles": [\n  {"name": "x",}\n]}')
    with pytest.raises(ProviderFileError, match=r"providers.json: not valid JSON \(line 2"):
        profiles.load()


def test_kind_specific_fields_are_required() -> None:
    with pytest.raises(ValidationError, match="deployment is required for Azure OpenAI"):
        Profile(name="az", kind="azure", endpoint="https://r.openai.azure.com")
    with pytest.raises(ValidationError, match="base_url is required"):
        Profile(name="c", kind="compatible", model="m")
    with pytest.raises(ValidationError, match="reserved"):
        Profile(name="offline", kind="openai")


def test_keys_file_is_0600_even_with_an_open_umask_and_replaced_atomically() -> None:
    old = os.umask(0)
    try:
        ring = keys.KeyRing()
        ring.set("local", SecretStr(KEY), remember_here=True)
        ring.set("other", SecretStr("sk-other-1234567890"), remember_here=True)
    finally:
        os.umask(old)
    path = keys.file_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text()) == {"local": KEY, "other": "sk-other-1234567890"}
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert path.parent != paths.data_dir()


def test_a_session_key_stays_in_memory_unless_remembered() -> None:
    ring = keys.KeyRing()
    ring.set("local", SecretStr(KEY))
    assert ring.get("local").get_secret_value() == KEY
    assert not keys.file_path().exists()
    assert KEY not in repr(ring) and KEY[-4:] not in repr(ring)
    assert keys.KeyRing().get("local") is None  # another browser session does not see it
    assert keys.masked(ring.get("local")) == "…7Kp2"


def test_forget_removes_a_remembered_key() -> None:
    ring = keys.KeyRing()
    ring.set("local", SecretStr(KEY), remember_here=True)
    ring.forget("local")
    assert ring.get("local") is None and keys.read_file() == {}


def test_keys_are_never_written_into_the_data_directory(monkeypatch) -> None:
    monkeypatch.setenv("SIM_CONFIG_DIR", str(paths.data_dir()))
    with pytest.raises(ProviderFileError, match="next to the database"):
        keys.remember("local", SecretStr(KEY))
    assert not (paths.data_dir() / "keys.json").exists()


def test_a_profile_resolves_to_its_settings_and_stored_capability() -> None:
    profiles.put(_local(capability="json-mode"))
    chosen = choices.resolve("llm:local", lambda name: SecretStr(KEY))
    settings = chosen.settings
    assert settings.provider == "compatible" and settings.base_url == "http://127.0.0.1:8080/v1"
    assert settings.model == "m" and settings.capability == "json-mode"
    assert settings.api_key.get_secret_value() == KEY
    assert KEY not in repr(chosen) and KEY not in repr(settings)


def test_the_environment_provider_is_kept_and_a_profile_replaces_its_endpoint(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")
    monkeypatch.setenv("SIM_LLM_MODEL", "env-model")
    monkeypatch.setenv("SIM_LLM_TIMEOUT_S", "17")
    profiles.put(Profile(name="cloud", kind="openai", model="gpt-4o-mini"))
    assert choices.choice_names() == ["llm", "offline", "llm:cloud"]
    env = choices.resolve("llm").settings
    assert env.base_url == "http://127.0.0.1:9999/v1" and env.model == "env-model"
    cloud = choices.resolve("llm:cloud", lambda n: SecretStr(KEY)).settings
    assert cloud.base_url is None and cloud.provider == "openai" and cloud.timeout_s == 17


def test_an_azure_profile_grades_through_its_endpoint_and_deployment() -> None:
    profiles.put(
        Profile(name="az", kind="azure", endpoint="https://r.openai.azure.com", model="gpt4o-dep")
    )
    settings = choices.resolve("llm:az", lambda n: SecretStr(KEY)).settings
    assert settings.provider == "azure" and settings.azure_endpoint == "https://r.openai.azure.com"
    assert settings.model == "gpt4o-dep" and settings.api_version == "2024-10-21"
    assert settings.azure_api_key.get_secret_value() == KEY and settings.openai_api_key is None


def test_make_default_moves_the_profile_first_and_marks_it() -> None:
    profiles.put(_local())
    assert choices.choice_names() == ["offline", "llm:local"]
    profiles.set_default("local")
    assert choices.choice_names() == ["llm:local", "offline"]
    assert choices.label("llm:local") == "local (m) · default"
    profiles.remove("local")  # a removed default falls back to the configured rule
    assert choices.choice_names() == ["offline"]


def test_a_cloud_profile_without_a_key_says_where_to_enter_it() -> None:
    profiles.put(Profile(name="cloud", kind="openai"))
    with pytest.raises(ProviderKeyMissing, match="enter it on Settings"):
        choices.resolve("llm:cloud", lambda n: None)
    with pytest.raises(UnknownProvider, match="gone"):
        choices.resolve("llm:gone")


def test_grader_for_a_profile_grades_with_the_profile_settings() -> None:
    from sim import judging

    profiles.put(_local(capability="none"))
    grader = judging.grader_for("llm:local")
    assert grader.name == "llm" and grader.settings.capability == "none"
    assert grader.settings.base_url == "http://127.0.0.1:8080/v1"
    assert judging.grader_for("offline").name == "offline"


@pytest.mark.parametrize(
    ("a", "b", "spread", "agreement"),
    [
        (3, 3, 0, AGREE),
        (2, 3, 1, "one level apart"),
        (1, 4, 3, "apart by 3"),
        (None, 2, None, ONE_SIDED),
    ],
)
def test_agreement_per_dimension(a, b, spread, agreement) -> None:
    dim = DimensionAgreement("Depth", a, b)
    assert (dim.spread, dim.agreement) == (spread, agreement)


@pytest.fixture
def sim(capsys: pytest.CaptureFixture[str]):
    """`sim ARGS` in this process (tests/cli_run.py), with this test's config dir."""
    return lambda *args: run_cli(capsys, *args)


def test_cli_lists_profiles_with_only_the_last_four_of_a_key(sim) -> None:
    profiles.put(_local(capability="json-mode"))
    profiles.set_default("local")
    keys.remember("local", SecretStr(KEY))
    listed = sim("providers", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["capability"], r["default"], r["key"]) for r in rows] == [
        ("local", "json-mode", True, "remembered …7Kp2")
    ]
    text = sim("providers", "list")
    assert text.stdout.startswith("* local") and KEY not in text.stdout + listed.stdout


def test_cli_refuses_an_unknown_provider(sim) -> None:
    tested = sim("providers", "test", "nope")
    assert tested.returncode == 2 and "no provider profile named 'nope'" in tested.stderr
    graded = sim("grade", "sd-url-shortener", "x.txt", "--provider", "nope")
    assert graded.returncode == 2 and "no provider profile named 'nope'" in graded.stderr


def test_cli_names_a_broken_profiles_file(sim) -> None:
    path = profiles.file_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    graded = sim("grade", "sd-url-shortener", "x.txt", "--provider", "lab")
    assert graded.returncode == 2 and f"{path}: not valid JSON" in graded.stderr
    listed = sim("providers", "list")
    assert listed.returncode == 2 and f"{path}: not valid JSON" in listed.stderr
    assert path.read_text() == "{not json"


def test_the_environment_can_state_its_capability_and_a_wrong_one_is_named() -> None:
    from sim.llm.settings import SettingsError, load_settings

    assert load_settings({"SIM_LLM_CAPABILITY": "json-mode"}).capability == "json-mode"
    with pytest.raises(SettingsError, match="SIM_LLM_CAPABILITY in the environment"):
        load_settings({"SIM_LLM_CAPABILITY": "maybe"})
