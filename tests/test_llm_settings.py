"""LLM settings: the SDK's environment names, secrets.toml, and the key never shown."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import service
from sim.llm.settings import SettingsError, load_settings
from tests.fake_http import status_server

SECRET = "sk-test-0123456789abcdef"


def test_nothing_configured_means_offline(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / "absent.toml")
    assert not settings.configured
    assert settings.grader == "offline"


def test_openai_key_makes_llm_the_default(tmp_path: Path) -> None:
    settings = load_settings({"OPENAI_API_KEY": SECRET}, tmp_path / "absent.toml")
    assert settings.provider == "openai" and settings.configured
    assert settings.grader == "llm"
    assert SECRET not in str(settings.describe()) and SECRET not in repr(settings)
    assert settings.describe()["api_key"] == "set"


def test_sim_grader_offline_keeps_offline(tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": SECRET, "SIM_GRADER": "offline"}
    assert load_settings(env, tmp_path / "absent.toml").grader == "offline"


def test_compatible_server_by_base_url_needs_no_key(tmp_path: Path) -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "SIM_LLM_MODEL": "local"}
    settings = load_settings(env, tmp_path / "absent.toml")
    assert settings.provider == "compatible" and settings.grader == "llm"
    assert settings.api_key is None


def test_azure_uses_deployment_and_api_version(tmp_path: Path) -> None:
    env = {
        "AZURE_OPENAI_API_KEY": SECRET,
        "AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com",
        "SIM_LLM_MODEL": "my-deployment",
        "OPENAI_API_VERSION": "2024-10-21",
    }
    settings = load_settings(env, tmp_path / "absent.toml")
    assert (settings.provider, settings.model, settings.api_version) == (
        "azure",
        "my-deployment",
        "2024-10-21",
    )


def test_secrets_toml_is_read_and_environment_wins(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'OPENAI_API_KEY = "{SECRET}"\nSIM_LLM_MODEL = "gpt-4.1-mini"\nSIM_LLM_SAMPLES = "3"\n'
    )
    settings = load_settings({"SIM_LLM_MODEL": "gpt-4o-mini"}, secrets)
    assert settings.api_key.get_secret_value() == SECRET
    assert settings.model == "gpt-4o-mini"  # environment over file
    assert settings.samples == 3


def test_broken_secrets_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    # Ignoring it would silently drop the key and every option the file holds.
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("this is = = not toml")
    with pytest.raises(SettingsError) as info:
        load_settings({}, secrets)
    assert str(secrets) in str(info.value) and "TOML" in str(info.value)


def test_every_option_is_read_from_secrets_too(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        'OPENAI_BASE_URL = "http://127.0.0.1:8080/v1"\nSIM_LLM_MODEL = "local"\n'
        'SIM_LLM_MAX_OUTPUT_TOKENS = "777"\nSIM_LLM_TIMEOUT_S = 12.5\nSIM_LLM_MAX_RETRIES = 0\n'
        "SIM_LLM_PER_DIMENSION = true\nSIM_PRICE_INPUT_PER_MTOK = 0.15\n"
        '[connections.other]\nurl = "ignored: a table of some other tool"\n'
    )
    settings = load_settings({}, secrets)
    assert settings.max_output_tokens == 777
    assert (settings.timeout_s, settings.max_retries, settings.per_dimension) == (12.5, 0, True)
    assert settings.price_input_per_mtok == 0.15


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("SIM_LLM_TIMEOUT_S", "sixty", "number"),
        ("SIM_LLM_TIMEOUT_S", "0", "greater than 0"),
        ("SIM_LLM_MAX_RETRIES", "two", "integer"),
        ("SIM_LLM_SAMPLES", "0", "greater than or equal to 1"),
        ("SIM_LLM_MAX_OUTPUT_TOKENS", "1.5k", "integer"),
        ("SIM_LLM_PER_DIMENSION", "maybe", "boolean"),
        ("SIM_GRADER", "gpt", "'offline' or 'llm'"),
        ("SIM_PRICE_OUTPUT_PER_MTOK", "-1", "greater than or equal to 0"),
    ],
)
def test_a_bad_value_is_an_error_naming_the_setting(tmp_path, name, value, words) -> None:
    env = {"OPENAI_API_KEY": SECRET, name: value}
    with pytest.raises(SettingsError) as info:
        load_settings(env, tmp_path / "absent.toml")
    message = str(info.value)
    assert name in message and words in message and "environment" in message
    assert SECRET not in message


def test_a_bad_value_in_secrets_names_the_setting_and_the_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('SIM_LLM_MAX_OUTPUT_TOKENS = "lots"\n')
    with pytest.raises(SettingsError) as info:
        load_settings({}, secrets)
    assert "SIM_LLM_MAX_OUTPUT_TOKENS" in str(info.value) and str(secrets) in str(info.value)


def test_a_bad_key_value_is_never_quoted(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("OPENAI_API_KEY = 1234567890123\n")
    with pytest.raises(SettingsError) as info:
        load_settings({}, secrets)
    assert "OPENAI_API_KEY" in str(info.value) and "1234567890123" not in str(info.value)


def _plant_secrets(where: Path, base_url: str) -> None:
    (where / ".streamlit").mkdir(parents=True, exist_ok=True)
    (where / ".streamlit" / "secrets.toml").write_text(
        f'OPENAI_API_KEY = "{SECRET}"\nOPENAI_BASE_URL = "{base_url}"\nSIM_LLM_MODEL = "planted"\n'
    )


def test_a_planted_secrets_file_is_not_read_by_the_suite(tmp_path: Path) -> None:
    """A developer's ~/.streamlit/secrets.toml and ./.streamlit/secrets.toml (here planted in the
    home and working directory the suite gives each test, and in a project directory a
    subprocess runs in) never configure the LLM under test: nothing calls their endpoint."""
    # Planting is safe only where the suite isolates: never in a real home or checkout.
    assert Path.home().is_relative_to(tmp_path) and Path.cwd().is_relative_to(tmp_path)
    with status_server(500) as (url, hits):
        _plant_secrets(Path.home(), url)
        _plant_secrets(Path.cwd(), url)
        project = tmp_path / "project"
        _plant_secrets(project, url)
        assert not load_settings().configured
        assert service.grader_choices() == ["offline"]
        answer = tmp_path / "answer.txt"
        answer.write_text("We shard by hash and cache hot keys; a failed shard fails over.")
        result = subprocess.run(
            [sys.executable, "-m", "sim", "grade", "sd-url-shortener", str(answer), "--json"],
            cwd=project,
            env={**os.environ, "HOME": str(project)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["grader"] == "offline"
    assert hits == []


def test_secrets_are_found_in_home_then_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the suite switches off: without SIM_SECRETS_FILE the app reads
    ~/.streamlit/secrets.toml, then ./.streamlit/secrets.toml over it (as Streamlit does)."""
    monkeypatch.delenv("SIM_SECRETS_FILE")
    home, project = tmp_path / "home", tmp_path / "project"
    _plant_secrets(home, "http://127.0.0.1:9/home")
    _plant_secrets(project, "http://127.0.0.1:9/project")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(project)
    assert load_settings().base_url == "http://127.0.0.1:9/project"
    (project / ".streamlit" / "secrets.toml").unlink()
    assert load_settings().base_url == "http://127.0.0.1:9/home"


def test_sim_secrets_file_names_the_file_to_read(tmp_path: Path) -> None:
    _plant_secrets(tmp_path, "http://127.0.0.1:9/named")
    env = {"SIM_SECRETS_FILE": str(tmp_path / ".streamlit" / "secrets.toml")}
    assert load_settings(env).base_url == "http://127.0.0.1:9/named"
