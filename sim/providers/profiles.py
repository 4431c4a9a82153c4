"""LLM provider profiles: what a user sets up on Settings (OpenAI, Azure OpenAI or any
OpenAI-compatible server) with the capability "Test connection" detected, kept in
`providers.json` in the user's config directory — never in the database, never with a key.

A URL that carries credentials (user:password@host, ?key=...) is refused: the key has its own
field and its own file (sim/providers/keys.py)."""

import json
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim import paths
from sim.domain.redaction import redact
from sim.file_lock import locked
from sim.llm.settings import Capability, Provider, SettingsError
from sim.providers.files import ensure_private_dir, write_json

FILE_NAME = "providers.json"
FILE_VERSION = 1
ENVIRONMENT = "environment"  # the read-only profile of the environment / secrets settings
OFFLINE = "offline"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$"
KIND_LABELS: dict[Provider, str] = {
    "openai": "OpenAI",
    "azure": "Azure OpenAI",
    "compatible": "OpenAI-compatible server",
}


class ProviderFileError(SettingsError):
    """providers.json (or keys.json) cannot be used; names the file and the field."""


def credentials_problem(url: str) -> str | None:
    """Why this URL cannot be stored, or None: no credentials in it, http(s) and a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host"
    if parts.username or parts.password or "@" in parts.netloc:
        return "must not carry credentials (user:password@); put the key in the API key field"
    if redact(url) != url:
        return "must not carry a key (?key=, api-key=, a token); put it in the API key field"
    return None


class Profile(BaseModel):
    """One provider as the user set it up. `model` is the deployment name on Azure."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=NAME_PATTERN)
    kind: Provider
    base_url: str | None = None  # OpenAI-compatible servers (and an OpenAI proxy)
    endpoint: str | None = None  # Azure OpenAI
    api_version: str | None = None  # Azure OpenAI
    model: str | None = None
    capability: Capability | None = None
    detected_at: datetime | None = None

    @field_validator("base_url", "endpoint", "api_version", "model", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("base_url", "endpoint")
    @classmethod
    def _no_credentials(cls, value: str | None) -> str | None:
        if value is not None and (problem := credentials_problem(value)):
            raise ValueError(problem)
        return value

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.lower() in (ENVIRONMENT, OFFLINE):
            raise ValueError(f"{value!r} is reserved; choose another name")
        return value

    @model_validator(mode="after")
    def _fields_of_kind(self) -> "Profile":
        needed = {"azure": ("endpoint", "model"), "compatible": ("base_url", "model")}
        for field in needed.get(self.kind, ()):
            if getattr(self, field) is None:
                what = "deployment" if (self.kind, field) == ("azure", "model") else field
                raise ValueError(f"{what} is required for {KIND_LABELS[self.kind]}")
        return self

    @property
    def needs_key(self) -> bool:
        """OpenAI and Azure always do; a local server usually takes none."""
        return self.kind != "compatible"

    @property
    def where(self) -> str:
        return self.endpoint or self.base_url or "api.openai.com (default)"

    def detected(self, capability: Capability, at: datetime) -> "Profile":
        return self.model_copy(update={"capability": capability, "detected_at": at})


class ProviderFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = FILE_VERSION
    default: str | None = None  # a profile name, "offline", "environment"; None: as configured
    profiles: list[Profile] = []


def file_path() -> Path:
    return paths.config_dir() / FILE_NAME


def _lock() -> Path:
    ensure_private_dir(paths.config_dir())
    return paths.config_dir() / f".{FILE_NAME}.lock"


def describe_errors(exc: ValidationError, path: Path, data: object) -> str:
    """'providers.json: profiles[1] ('lab').base_url: must not carry credentials ...'."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "profiles" and isinstance(loc[1], int):
            name = _name_at(data, loc[1])
            where = f"profiles[{loc[1]}]" + (f" ({name!r})" if name else "")
            loc = loc[2:]
        field = ".".join(str(p) for p in loc)
        where = ".".join(filter(None, [where, field])) or "(file)"
        lines.append(f"{where}: {redact(error['msg'].removeprefix('Value error, '))}")
    return f"{path}: " + "; ".join(lines)


def form_problems(exc: ValidationError) -> str:
    """A profile typed on Settings that does not validate: each field and why, never the value
    typed (it may hold a credential)."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "profile"
        parts.append(f"{field}: {redact(error['msg'].removeprefix('Value error, '))}")
    return "; ".join(parts)


def _name_at(data: object, index: int) -> str | None:
    try:
        name = data["profiles"][index]["name"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    return name if isinstance(name, str) else None


def load(path: Path | None = None) -> ProviderFile:
    """The stored profiles; an empty set when there is no file yet. A file that cannot be used
    is a ProviderFileError naming it and the field, and is never overwritten."""
    path = path or file_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ProviderFile()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProviderFileError(f"{path}: cannot read the provider profiles ({exc}).") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ProviderFileError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "fix or move the file. It is left as it is."
        ) from None
    try:
        loaded = ProviderFile.model_validate(data)
    except ValidationError as exc:
        raise ProviderFileError(describe_errors(exc, path, data)) from None
    names = [p.name.lower() for p in loaded.profiles]
    if dup := next((n for n in names if names.count(n) > 1), None):
        raise ProviderFileError(f"{path}: profiles: the name {dup!r} is used twice.")
    return loaded


def _save(store: ProviderFile) -> None:
    write_json(file_path(), store.model_dump(mode="json"), 0o600)


def get(name: str) -> Profile | None:
    return next((p for p in load().profiles if p.name == name), None)


def put(profile: Profile, replace: str | None = None) -> None:
    """Add a profile, or replace the one named `replace` (an edit may rename it)."""
    with locked(_lock()):
        store = load()
        taken = {p.name.lower() for p in store.profiles if p.name != replace}
        if profile.name.lower() in taken:
            raise ProviderFileError(
                f"{file_path()}: a profile named {profile.name!r} already exists."
            )
        kept = [p for p in store.profiles if p.name != replace]
        if replace and store.default == replace:
            store.default = profile.name
        store.profiles = [*kept, profile]
        _save(store)


def remove(name: str) -> None:
    with locked(_lock()):
        store = load()
        store.profiles = [p for p in store.profiles if p.name != name]
        if store.default == name:
            store.default = None
        _save(store)


def set_default(name: str | None) -> None:
    """A profile name, "offline" or "environment"; None returns to the configured rule."""
    with locked(_lock()):
        store = load()
        known = {p.name for p in store.profiles} | {OFFLINE, ENVIRONMENT}
        if name is not None and name not in known:
            raise ProviderFileError(f"{file_path()}: no profile named {name!r} to make default.")
        store.default = name
        _save(store)
