"""LLM settings from the SDK's own environment names, SIM_* options and .streamlit/secrets.toml.

The key is held as a SecretStr: it is never printed, logged, stored or put in a cassette."""

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr

Provider = Literal["openai", "azure", "compatible"]
SECRETS_FILE = Path(".streamlit") / "secrets.toml"

# Environment names read, in the SDKs' own spelling first.
ENV_NAMES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "OPENAI_API_VERSION",
    "SIM_LLM_MODEL",
    "SIM_GRADER",
    "SIM_LLM_TIMEOUT_S",
    "SIM_LLM_MAX_RETRIES",
    "SIM_LLM_SAMPLES",
    "SIM_LLM_PER_DIMENSION",
    "SIM_LLM_MAX_ANSWER_TOKENS",
    "SIM_PRICE_INPUT_PER_MTOK",
    "SIM_PRICE_OUTPUT_PER_MTOK",
)


class LLMSettings(BaseModel):
    provider: Provider | None = None  # None: no LLM configured
    api_key: SecretStr | None = None
    base_url: str | None = None
    azure_endpoint: str | None = None
    api_version: str | None = None
    model: str | None = None
    grader: Literal["offline", "llm"] = "offline"
    timeout_s: float = 60.0
    max_retries: int = 2  # the SDK's own retry machinery (honours Retry-After)
    samples: int = 1  # >1: median of N gradings, spread shown
    per_dimension: bool = False  # one call per dimension instead of one per answer
    max_answer_tokens: int = 4000
    max_output_tokens: int = 1500
    temperature: float = 0.0
    seed: int = 7
    price_input_per_mtok: float | None = None
    price_output_per_mtok: float | None = None

    @property
    def configured(self) -> bool:
        return self.provider is not None and bool(self.model)

    def describe(self) -> dict[str, str]:
        """What the Settings page and logs may show: never the key itself."""
        return {
            "provider": self.provider or "none",
            "model": self.model or "(not set)",
            "endpoint": self.azure_endpoint or self.base_url or "(provider default)",
            "api_version": self.api_version or "",
            "api_key": "set" if self.api_key else "not set",
            "grader": self.grader,
            "samples": str(self.samples),
            "per_dimension": "yes" if self.per_dimension else "no",
        }


def _read_secrets(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {k: str(v) for k, v in data.items() if k in ENV_NAMES and not isinstance(v, dict)}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(
    environ: dict[str, str] | None = None, secrets_path: Path | None = None
) -> LLMSettings:
    """Environment wins over secrets.toml. With a key (or a base URL) the LLM grader is the
    default; SIM_GRADER=offline keeps the offline grader."""
    env = dict(environ if environ is not None else os.environ)
    values = {**_read_secrets(secrets_path or SECRETS_FILE), **{k: v for k, v in env.items() if v}}
    azure_key, azure_endpoint = (
        values.get("AZURE_OPENAI_API_KEY"),
        values.get("AZURE_OPENAI_ENDPOINT"),
    )
    if azure_endpoint:
        provider: Provider | None = "azure"
        key = azure_key
    elif values.get("OPENAI_BASE_URL"):
        provider, key = "compatible", values.get("OPENAI_API_KEY")
    elif values.get("OPENAI_API_KEY"):
        provider, key = "openai", values.get("OPENAI_API_KEY")
    else:
        provider, key = None, None
    model = values.get("SIM_LLM_MODEL") or ("gpt-4o-mini" if provider == "openai" else None)
    wanted = values.get("SIM_GRADER", "").strip().lower()
    grader = "offline" if wanted == "offline" or provider is None or not model else "llm"

    def number(name: str, default: float) -> float:
        try:
            return float(values[name])
        except (KeyError, ValueError):
            return default

    def optional_number(name: str) -> float | None:
        try:
            return float(values[name])
        except (KeyError, ValueError):
            return None

    return LLMSettings(
        provider=provider,
        api_key=SecretStr(key) if key else None,
        base_url=values.get("OPENAI_BASE_URL"),
        azure_endpoint=azure_endpoint,
        api_version=values.get("OPENAI_API_VERSION")
        or ("2024-10-21" if provider == "azure" else None),
        model=model,
        grader=grader,
        timeout_s=number("SIM_LLM_TIMEOUT_S", 60.0),
        max_retries=int(number("SIM_LLM_MAX_RETRIES", 2)),
        samples=max(1, int(number("SIM_LLM_SAMPLES", 1))),
        per_dimension=_truthy(values.get("SIM_LLM_PER_DIMENSION")),
        max_answer_tokens=int(number("SIM_LLM_MAX_ANSWER_TOKENS", 4000)),
        max_output_tokens=int(number("SIM_LLM_MAX_OUTPUT_TOKENS", 1500)),
        price_input_per_mtok=optional_number("SIM_PRICE_INPUT_PER_MTOK"),
        price_output_per_mtok=optional_number("SIM_PRICE_OUTPUT_PER_MTOK"),
    )
