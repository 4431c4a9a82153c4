"""The container's entry point: writes Streamlit's `[auth]` secrets file from the environment
(SIM_AUTH_*), then runs the app in its place. Values never reach the output: a missing setting
is named, never echoed.

SIM_AUTH_REDIRECT_URI, SIM_AUTH_COOKIE_SECRET, SIM_AUTH_CLIENT_ID, SIM_AUTH_CLIENT_SECRET and
SIM_AUTH_SERVER_METADATA_URL make the section; SIM_AUTH_PROVIDER (optional) names the provider
(`[auth.NAME]`, its own "Sign in with NAME" button). With none of them set no file is written
(a single-user container; with SIM_SHARED_DEPLOYMENT=1 the app then refuses to show pages)."""

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

SHARED = {"redirect_uri": "SIM_AUTH_REDIRECT_URI", "cookie_secret": "SIM_AUTH_COOKIE_SECRET"}
PROVIDER = {
    "client_id": "SIM_AUTH_CLIENT_ID",
    "client_secret": "SIM_AUTH_CLIENT_SECRET",
    "server_metadata_url": "SIM_AUTH_SERVER_METADATA_URL",
}
PROVIDER_NAME = "SIM_AUTH_PROVIDER"
SECRETS_FILE = "SIM_AUTH_SECRETS_FILE"  # where to write it; Streamlit is told to read it
DEFAULT_SECRETS_FILE = "/tmp/staff-sim/secrets.toml"  # noqa: S108 - a tmpfs in the container


class ConfigError(ValueError):
    pass


def auth_toml(env: Mapping[str, str]) -> str | None:
    """The secrets file's text, or None when sign-in is not configured at all."""
    names = [*SHARED.values(), *PROVIDER.values()]
    given = {name for name in names if env.get(name, "").strip()}
    if not given:
        return None
    if missing := [name for name in names if name not in given]:
        raise ConfigError(
            "Sign-in is half configured: set "
            + ", ".join(missing)
            + " (or unset every SIM_AUTH_*)."
        )
    provider = env.get(PROVIDER_NAME, "").strip()
    if provider and not provider.replace("-", "").isalnum():
        raise ConfigError(f"{PROVIDER_NAME}: letters, digits and '-' only.")

    def lines(fields: Mapping[str, str]) -> list[str]:
        # A JSON string is a valid TOML basic string: quotes and backslashes stay escaped.
        return [f"{key} = {json.dumps(env[name].strip())}" for key, name in fields.items()]

    out = ["[auth]", *lines(SHARED)]
    if provider:
        out += ["", f"[auth.{provider}]"]
    out += lines(PROVIDER)
    return "\n".join(out) + "\n"


def write_secrets(env: Mapping[str, str]) -> Path | None:
    text = auth_toml(env)
    if text is None:
        return None
    path = Path(env.get(SECRETS_FILE) or DEFAULT_SECRETS_FILE)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file left from an earlier start keeps no wider mode
    with os.fdopen(fd, "w") as out:
        out.write(text)
    return path


def command(secrets: Path | None, port: str) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "0.0.0.0",  # noqa: S104 - the container's port is the way in
        "--server.port", port,
        "--browser.gatherUsageStats", "false",
        # Only this file (or none): nothing baked into the image is read as secrets.
        "--secrets.files", str(secrets or "/nonexistent/secrets.toml"),
    ]  # fmt: skip


def main() -> None:
    try:
        secrets = write_secrets(os.environ)
    except ConfigError as exc:
        sys.exit(f"entrypoint: {exc}")
    print("entrypoint: sign-in " + ("configured" if secrets else "not configured"), flush=True)
    argv = command(secrets, os.environ.get("PORT", "8501"))
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
