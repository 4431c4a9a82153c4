"""API keys of provider profiles. A key entered in the app lives in memory for that browser
session (a KeyRing the page keeps in its session state); "remember on this machine" writes it
to `keys.json` in the user's config directory, mode 0600 from the moment it exists (as
simonw/llm's keys.json), and never into the data directory where the database lives.

Keys are SecretStr everywhere: a repr, a log line or a page shows `**********`, and the page
shows only the last four characters (`masked`)."""

import json
import os
from pathlib import Path

from pydantic import SecretStr

from sim import paths
from sim.file_lock import locked
from sim.providers.files import ensure_private_dir, write_json
from sim.providers.profiles import ProviderFileError

FILE_NAME = "keys.json"
KEY_FILE_MODE = 0o600


def file_path() -> Path:
    return paths.config_dir() / FILE_NAME


def masked(key: SecretStr | None) -> str:
    """What a page may show of a key: its last four characters."""
    if key is None or not key.get_secret_value():
        return "not set"
    value = key.get_secret_value()
    return f"…{value[-4:]}" if len(value) > 8 else "set (too short to show any of it)"


def _refuse_next_to_database(path: Path) -> None:
    data = paths.data_dir().resolve()
    if path.resolve().parent == data or data in path.resolve().parents:
        raise ProviderFileError(
            f"{path}: the keys file would sit in the data directory ({data}) next to the "
            "database; set SIM_CONFIG_DIR to another directory."
        )


def read_file(path: Path | None = None) -> dict[str, SecretStr]:
    """The remembered keys by profile name; {} when nothing is remembered."""
    path = path or file_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        # The message must not quote the file: it is all keys.
        raise ProviderFileError(
            f"{path}: cannot read the remembered keys ({type(exc).__name__}); fix or remove "
            "the file. It is left as it is."
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ProviderFileError(f"{path}: expected an object of profile name to key string.")
    return {name: SecretStr(value) for name, value in data.items()}


def remember(name: str, key: SecretStr) -> None:
    path = file_path()
    _refuse_next_to_database(path)
    ensure_private_dir(path.parent)
    with locked(path.with_name(f".{FILE_NAME}.lock")):
        stored = read_file(path)
        stored[name] = key
        _write(path, stored)


def forget(name: str) -> None:
    path = file_path()
    with locked(path.with_name(f".{FILE_NAME}.lock")):
        stored = read_file(path)
        if stored.pop(name, None) is not None:
            _write(path, stored)


def _write(path: Path, keys: dict[str, SecretStr]) -> None:
    write_json(path, {n: k.get_secret_value() for n, k in keys.items()}, KEY_FILE_MODE)


def file_mode(path: Path | None = None) -> int:
    return os.stat(path or file_path()).st_mode & 0o777


class KeyRing:
    """One browser session's keys over the remembered ones: the session's win."""

    def __init__(self) -> None:
        self._session: dict[str, SecretStr] = {}

    def __repr__(self) -> str:  # never the keys, not even masked
        return f"KeyRing({len(self._session)} in memory)"

    def get(self, name: str) -> SecretStr | None:
        return self._session.get(name) or read_file().get(name)

    def remembered(self, name: str) -> bool:
        return name in read_file()

    def set(self, name: str, key: SecretStr, remember_here: bool = False) -> None:
        self._session[name] = key
        if remember_here:
            remember(name, key)

    def forget(self, name: str) -> None:
        """Out of this session and off this machine."""
        self._session.pop(name, None)
        forget(name)

    def secrets(self) -> list[str]:
        """Every key known here, for redact()."""
        known = {**read_file(), **self._session}
        return [k.get_secret_value() for k in known.values() if k.get_secret_value()]
