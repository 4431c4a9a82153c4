"""LLM settings, read in one place: the SDK's own environment names and the SIM_* options, from
the environment and from Streamlit's secrets files alike (the environment wins).

One pydantic model validates every value; a value that does not fit is a SettingsError naming
the setting and where it came from. It is a plain model, not pydantic-settings' BaseSettings:
load_settings layers the sources itself (to name where each value came from), and that package's
import alone cost a CLI run a third of its time. The keys are SecretStr: never printed, logged,
stored or put in a cassette."""

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from sim.domain.redaction import redact

Provider = Literal["openai", "azure", "compatible"]
# What an endpoint does with a JSON reply, as "Test connection" on a provider profile detects it:
# a strict JSON schema, JSON mode (llama.cpp-style schema grammar or plain JSON), or neither.
Capability = Literal["strict-schema", "json-mode", "none"]
CAPABILITIES: tuple[Capability, ...] = ("strict-schema", "json-mode", "none")
SECRETS_NAME = Path(".streamlit") / "secrets.toml"
SECRETS_FILE_ENV = "SIM_SECRETS_FILE"  # os.pathsep-separated files to read instead; "" = none
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_AZURE_API_VERSION = "2024-10-21"


class SettingsError(ValueError):
    """A setting that cannot be used, or a secrets file that cannot be read; says which."""


class LLMSettings(BaseModel):
    """Fields carry the names users set; what follows from them (provider, key, model, grader)
    is derived in properties, so nothing derived can be set by accident."""

    # Only the names users set (the aliases, case-sensitive) are read; anything else in the
    # environment or a secrets file is ignored.
    model_config = ConfigDict(
        extra="ignore", validate_by_name=False, validate_by_alias=True, validate_default=True
    )

    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    azure_api_key: SecretStr | None = Field(None, alias="AZURE_OPENAI_API_KEY")
    azure_endpoint: str | None = Field(None, alias="AZURE_OPENAI_ENDPOINT")
    requested_api_version: str | None = Field(None, alias="OPENAI_API_VERSION")
    requested_model: str | None = Field(None, alias="SIM_LLM_MODEL")
    requested_grader: Literal["offline", "llm"] | None = Field(None, alias="SIM_GRADER")
    timeout_s: float = Field(60.0, gt=0, alias="SIM_LLM_TIMEOUT_S")  # the whole grading
    max_retries: int = Field(2, ge=0, alias="SIM_LLM_MAX_RETRIES")
    samples: int = Field(1, ge=1, alias="SIM_LLM_SAMPLES")  # >1: median of N, spread shown
    per_dimension: bool = Field(False, alias="SIM_LLM_PER_DIMENSION")
    max_answer_tokens: int = Field(4000, ge=1, alias="SIM_LLM_MAX_ANSWER_TOKENS")
    max_output_tokens: int = Field(1500, ge=1, alias="SIM_LLM_MAX_OUTPUT_TOKENS")
    price_input_per_mtok: float | None = Field(None, ge=0, alias="SIM_PRICE_INPUT_PER_MTOK")
    price_output_per_mtok: float | None = Field(None, ge=0, alias="SIM_PRICE_OUTPUT_PER_MTOK")
    # Set (a profile's detected capability, or by hand): every call uses it and nothing is
    # negotiated or remembered per process; unset, the client finds a mode and remembers it.
    capability: Capability | None = Field(None, alias="SIM_LLM_CAPABILITY")
    # One deployment for many signed-in people (set with Streamlit's [auth]): each person's
    # data, own questions included, lives in the database under their account.
    shared_deployment: bool = Field(False, alias="SIM_SHARED_DEPLOYMENT")

    temperature: ClassVar[float] = 0.0
    seed: ClassVar[int] = 7

    @field_validator("requested_grader", mode="before")
    @classmethod
    def _grader_spelling(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            if value not in ("", "offline", "llm"):
                raise ValueError(f"must be 'offline' or 'llm' (got {value!r})")
            return value or None
        return value

    @property
    def provider(self) -> Provider | None:
        """None: no LLM configured."""
        if self.azure_endpoint:
            return "azure"
        if self.base_url:
            return "compatible"
        return "openai" if self.openai_api_key else None

    @property
    def api_key(self) -> SecretStr | None:
        return self.azure_api_key if self.provider == "azure" else self.openai_api_key

    @property
    def model(self) -> str | None:
        if self.requested_model:
            return self.requested_model
        return DEFAULT_OPENAI_MODEL if self.provider == "openai" else None

    @property
    def api_version(self) -> str | None:
        if self.requested_api_version:
            return self.requested_api_version
        return DEFAULT_AZURE_API_VERSION if self.provider == "azure" else None

    @property
    def grader(self) -> Literal["offline", "llm"]:
        """The LLM grader by default once a provider and model are set; SIM_GRADER=offline
        keeps the offline grader."""
        if self.requested_grader == "offline" or not self.configured:
            return "offline"
        return "llm"

    @property
    def configured(self) -> bool:
        return self.provider is not None and bool(self.model)

    def secret_values(self) -> list[str]:
        """The keys themselves, for redact(): a provider may echo a key in its error."""
        keys = (self.openai_api_key, self.azure_api_key)
        return [k.get_secret_value() for k in keys if k and k.get_secret_value()]

    @property
    def endpoint(self) -> str:
        """Where calls go, fit to show (credentials in the URL removed)."""
        return redact(self.azure_endpoint or self.base_url or "")

    def describe(self) -> dict[str, str]:
        """What the Settings page and logs may show: never the key itself."""
        return {
            "provider": self.provider or "none",
            "model": self.model or "(not set)",
            "endpoint": self.endpoint or "(provider default)",
            "api_version": self.api_version or "",
            "api_key": "set" if self.api_key else "not set",
            "grader": self.grader,
            "samples": str(self.samples),
            "per_dimension": "yes" if self.per_dimension else "no",
            "capability": self.capability or "detected on first call",
        }


def secrets_files(environ: Mapping[str, str]) -> list[Path]:
    """Lowest priority first: ~/.streamlit/secrets.toml, then ./.streamlit/secrets.toml (the
    files Streamlit reads), unless SIM_SECRETS_FILE names the files to read instead."""
    if SECRETS_FILE_ENV in environ:
        return [Path(p).expanduser() for p in environ[SECRETS_FILE_ENV].split(os.pathsep) if p]
    return [Path.home() / SECRETS_NAME, Path.cwd() / SECRETS_NAME]


def _read_secrets(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file to read: most runs have none

    try:
        with path.open("rb") as source:
            return tomllib.load(source)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}); fix or remove the file.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the secrets file ({exc}).") from exc


def load_settings(
    environ: Mapping[str, str] | None = None,
    secrets: Path | Sequence[Path] | None = None,
) -> LLMSettings:
    """The settings from `environ` (default: the process environment) over the secrets files
    (default: secrets_files()). Empty values count as unset."""
    env = dict(os.environ if environ is None else environ)
    if secrets is None:
        files = secrets_files(env)
    else:
        files = [secrets] if isinstance(secrets, Path) else list(secrets)
    layers = [(str(path), _read_secrets(path)) for path in files]
    layers.append(("the environment", {k: v for k, v in env.items() if v != ""}))
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for where, layer in layers:  # later layers win
        for key, value in layer.items():
            values[key], origin[key] = value, where
    try:
        return LLMSettings(**values)
    except ValidationError as exc:
        raise SettingsError(_describe(exc, origin)) from None  # the input may be a key


def _describe(exc: ValidationError, origin: dict[str, str]) -> str:
    secret_names = {
        field.alias
        for field in LLMSettings.model_fields.values()
        if field.annotation == SecretStr | None
    }
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "(settings)"
        message = error["msg"].removeprefix("Value error, ")
        got = "" if name in secret_names or "got " in message else f" (got {error['input']!r})"
        where = origin.get(name, "the settings")
        lines.append(f"{name} in {where}: {message}{got}")
    return "Invalid setting: " + "; ".join(redact(line) for line in lines)
