"""LLM settings: the SDK's environment names, secrets.toml, and the key never shown."""

from pathlib import Path

from sim.llm.settings import load_settings

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


def test_broken_secrets_file_is_ignored_not_fatal(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("this is = = not toml")
    assert load_settings({}, secrets).grader == "offline"
