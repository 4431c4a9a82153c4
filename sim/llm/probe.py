"""What an endpoint offers, asked once when a provider profile is tested: the models it lists
(`/v1/models`, where the server has it) and which structured-output shape it accepts. Each
shape is tried with a one-token request, so the whole probe costs a few tokens."""

import logging
import time
from dataclasses import dataclass

import openai

from sim.domain.redaction import redact
from sim.llm import deadline
from sim.llm.client import _is_format_rejection, _response_format, _translate, make_client
from sim.llm.errors import LLMError
from sim.llm.settings import Capability, LLMSettings

log = logging.getLogger(__name__)

# Most precise first; the first shape the endpoint accepts names its capability.
_PROBES: tuple[tuple[str, Capability], ...] = (
    ("json_schema", "strict-schema"),
    ("json_object_schema", "json-mode"),
    ("json_object", "json-mode"),
)
_PROBE_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}
# JSON mode on OpenAI wants the word JSON in the messages.
_PROBE_MESSAGES = [{"role": "user", "content": 'Reply with the JSON object {"ok": true}.'}]


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    message: str  # what the page and the CLI say, redacted
    capability: Capability | None = None  # None when the connection failed


def _one_token(client: openai.OpenAI, settings: LLMSettings, mode: str | None) -> None:
    request: dict = {
        "model": settings.model,
        "messages": _PROBE_MESSAGES,
        "max_tokens": 1,
        "temperature": 0,
    }
    if mode is not None:
        request["response_format"] = _response_format(mode, "probe", _PROBE_SCHEMA, _PROBE_SCHEMA)
    client.chat.completions.create(**request)


def probe(settings: LLMSettings) -> ProbeResult:
    """Today's one-token connection test, then the structured-output shapes in turn."""
    secrets = settings.secret_values()
    try:
        client = make_client(settings)
        start = time.perf_counter()
        with deadline.within(settings.timeout_s):
            _one_token(client, settings, None)
            millis = (time.perf_counter() - start) * 1000
            capability: Capability = "none"
            for mode, named in _PROBES:
                try:
                    _one_token(client, settings, mode)
                except openai.APIStatusError as exc:
                    if not _is_format_rejection(exc):
                        raise
                    log.info("%s rejected by the endpoint (HTTP %s)", mode, exc.status_code)
                    continue
                capability = named
                break
    except LLMError as exc:
        return ProbeResult(False, redact(str(exc), secrets))
    except openai.APIError as exc:
        return ProbeResult(False, redact(str(_translate(exc, settings)), secrets))
    return ProbeResult(
        True, f"Connected: {settings.model} answered in {millis:.0f} ms.", capability
    )


def list_models(settings: LLMSettings) -> list[str]:
    """The model ids the server lists; [] when it lists none or has no such route (Azure lists
    deployments elsewhere): the user types the name instead."""
    if not settings.model:  # the client wants a model; listing needs none
        settings = settings.model_copy(update={"requested_model": "(listing models)"})
    try:
        client = make_client(settings)
        with deadline.within(min(settings.timeout_s, 15)):
            return sorted(m.id for m in client.models.list())
    except (LLMError, openai.APIError) as exc:
        log.info("the endpoint lists no models (%s)", redact(str(exc), settings.secret_values()))
        return []
