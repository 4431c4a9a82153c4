"""The Dockerfile, compose.yaml and the container's entry point, checked without Docker (not
available where the suite runs): every path the Dockerfile copies exists, the image installs
runtime extras only and runs as a non-root user with a health check; compose runs two app
servers on one PostgreSQL with every secret from the environment; the entry point writes the
`[auth]` secrets file from the environment and never prints a value."""

import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.entrypoint_module import entrypoint

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
ENV_EXAMPLE = (ROOT / ".env.example").read_text()


def _instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_dockerfile_copies_only_paths_that_exist() -> None:
    copies = _instructions("COPY")
    assert copies
    for copy in copies:
        *sources, _target = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), f"Dockerfile: COPY {source}: no such path"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".streamlit/secrets.toml", ".env"} <= set(ignored)


def test_image_is_slim_runtime_only_non_root_and_checks_its_health() -> None:
    assert re.fullmatch(r"python:3\.1[1-9]-slim", _instructions("FROM")[0])
    installs = [run for run in _instructions("RUN") if "pip install" in run]
    extras = set(re.search(r"\.\[([a-z,]+)\]", installs[0]).group(1).split(","))
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert extras <= set(declared["optional-dependencies"]) and "dev" not in extras
    lines = DOCKERFILE.splitlines()
    user = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    assert lines[user].split()[1] not in {"root", "0"}
    assert user < next(i for i, line in enumerate(lines) if line.startswith("ENTRYPOINT"))
    assert "/_stcore/health" in _instructions("HEALTHCHECK")[0]
    assert (ROOT / "deploy" / "entrypoint.py").is_file()
    assert "deploy/entrypoint.py" in _instructions("ENTRYPOINT")[0]


def test_compose_runs_two_app_servers_on_one_postgres_with_secrets_from_env() -> None:
    services = COMPOSE["services"]
    apps = {name: s for name, s in services.items() if s.get("build") == "."}
    assert len(apps) >= 2 and "postgres" in services
    ports, redirects = set(), set()
    for name, app in apps.items():
        env = app["environment"]
        assert "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["SIM_SHARED_DEPLOYMENT"] == "1", name
        assert env["SIM_AUTH_REDIRECT_URI"].endswith("/oauth2callback"), name
        assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
        ports.add(app["ports"][0].split(":")[0])
        redirects.add(env["SIM_AUTH_REDIRECT_URI"])
        for key, value in env.items():  # every secret is a reference to the environment
            if re.search("SECRET|PASSWORD|KEY", key):
                assert re.fullmatch(r"\$\{[A-Z_0-9]+(:[-?][^}]*)?\}", value), key
    assert len(ports) == len(apps) and len(redirects) == len(apps)
    assert "healthcheck" in services["postgres"]
    used = set(re.findall(r"\$\{([A-Z_0-9]+)", (ROOT / "compose.yaml").read_text()))
    documented = set(re.findall(r"^([A-Z_0-9]+)=", ENV_EXAMPLE, re.MULTILINE))
    assert used <= documented, f".env.example lacks {sorted(used - documented)}"


AUTH_ENV = {
    "SIM_AUTH_REDIRECT_URI": "http://localhost:8501/oauth2callback",
    "SIM_AUTH_COOKIE_SECRET": 'a "quoted" \\ cookie secret',
    "SIM_AUTH_CLIENT_ID": "staff-sim",
    "SIM_AUTH_CLIENT_SECRET": "s3cr3t-client-value",
    "SIM_AUTH_SERVER_METADATA_URL": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def test_entrypoint_writes_the_auth_section_readable_only_by_its_user(tmp_path) -> None:
    target = tmp_path / "run" / "secrets.toml"
    path = entrypoint.write_secrets({**AUTH_ENV, "SIM_AUTH_SECRETS_FILE": str(target)})
    assert path == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    auth = tomllib.loads(target.read_text())["auth"]
    assert auth["cookie_secret"] == AUTH_ENV["SIM_AUTH_COOKIE_SECRET"]  # quotes survive
    assert auth["client_secret"] == "s3cr3t-client-value"
    assert auth["server_metadata_url"].endswith("/openid-configuration")


def test_entrypoint_named_provider_gets_its_own_section(tmp_path) -> None:
    env = {**AUTH_ENV, "SIM_AUTH_PROVIDER": "microsoft"}
    auth = tomllib.loads(entrypoint.auth_toml(env))["auth"]
    assert set(auth) == {"redirect_uri", "cookie_secret", "microsoft"}
    assert auth["microsoft"]["client_id"] == "staff-sim"
    with pytest.raises(entrypoint.ConfigError, match="SIM_AUTH_PROVIDER"):
        entrypoint.auth_toml({**AUTH_ENV, "SIM_AUTH_PROVIDER": "bad]name"})


def test_entrypoint_without_auth_writes_nothing(tmp_path) -> None:
    assert entrypoint.write_secrets({"SIM_AUTH_SECRETS_FILE": str(tmp_path / "s.toml")}) is None
    assert not (tmp_path / "s.toml").exists()


def test_half_configured_sign_in_stops_naming_variables_never_values(tmp_path) -> None:
    env = {k: v for k, v in AUTH_ENV.items() if k != "SIM_AUTH_COOKIE_SECRET"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "entrypoint.py")],
        env={"PATH": "/usr/bin:/bin", "SIM_AUTH_SECRETS_FILE": str(tmp_path / "s.toml"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "SIM_AUTH_COOKIE_SECRET" in run.stderr
    assert "s3cr3t-client-value" not in run.stderr + run.stdout
    assert not (tmp_path / "s.toml").exists()
