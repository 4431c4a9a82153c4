"""One code path on the official openai SDK for OpenAI, Azure OpenAI and OpenAI-compatible
servers. Structured output with a JSON schema, falling back to JSON mode for servers without
schema support; retries (with Retry-After) for 429, 5xx and timeouts run under one overall
deadline (sim/llm/retries.py, sim/llm/deadline.py)."""

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx2
import openai

from sim.domain.redaction import redact
from sim.llm import deadline
from sim.llm.deadline import DeadlineTransport
from sim.llm.errors import (
    LLMAuthError,
    LLMBadOutput,
    LLMError,
    LLMModelNotFound,
    LLMNotConfigured,
    LLMRateLimited,
    LLMRejected,
    LLMTimeout,
    LLMUnavailable,
)
from sim.llm.log_redaction import redact_library_logs
from sim.llm.replies import describe_body, reply_problem
from sim.llm.retries import with_retries
from sim.llm.settings import Capability, LLMSettings

log = logging.getLogger(__name__)
redact_library_logs()  # the SDK and its HTTP client log request URLs (user:key@host included)

# Structured-output request shapes, most precise first; "plain" sends no response_format.
MODES = ("json_schema", "json_object_schema", "json_object")
PLAIN = "plain"
# A capability stored with a provider profile names the shapes to send, in order.
CAPABILITY_MODES: dict[Capability, tuple[str, ...]] = {
    "strict-schema": ("json_schema",),
    "json-mode": ("json_object_schema", "json_object"),
    "none": (PLAIN,),
}
_mode_memory: dict[tuple[str, str], str] = {}  # (endpoint, model) -> mode that worked


@dataclass(frozen=True)
class ChatResult:
    content: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    model: str
    mode: str
    finish_reason: str


def make_client(settings: LLMSettings) -> openai.OpenAI:
    if not settings.configured:
        raise LLMNotConfigured(
            "No LLM is configured: set OPENAI_API_KEY (or OPENAI_BASE_URL, or the AZURE_OPENAI_* "
            "variables) and SIM_LLM_MODEL, or keep using the offline grader."
        )
    key = settings.api_key.get_secret_value() if settings.api_key else None
    common: dict[str, Any] = {
        "timeout": settings.timeout_s,
        "max_retries": 0,  # retried by with_retries, within the overall deadline
        "http_client": openai.DefaultHttpxClient(transport=DeadlineTransport()),
    }
    if settings.provider == "azure":
        return openai.AzureOpenAI(
            api_key=key,
            azure_endpoint=settings.azure_endpoint,
            api_version=settings.api_version,
            **common,
        )
    # Local servers usually accept any key; the SDK insists on one.
    return openai.OpenAI(api_key=key or "not-needed", base_url=settings.base_url, **common)


def _response_format(mode: str, name: str, schema: dict, grammar_schema: dict) -> dict | None:
    if mode == PLAIN:
        return None
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "strict": True, "schema": schema},
        }
    if mode == "json_object_schema":  # llama.cpp-style: the schema becomes a grammar
        return {"type": "json_object", "schema": grammar_schema}
    return {"type": "json_object"}


def _reason(exc: openai.APIStatusError, settings: LLMSettings) -> str:
    """The provider's own words (or what it sent instead), redacted and short."""
    return redact(describe_body(exc.response), settings.secret_values())


def _sent_nothing(exc: Exception) -> bool:
    return "without sending a response" in str(exc)


def _translate(exc: Exception, settings: LLMSettings) -> LLMError:
    where = settings.endpoint or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return LLMTimeout(
            f"The LLM did not answer within the {settings.timeout_s:g} s grading deadline "
            f"({where}). Try again, raise SIM_LLM_TIMEOUT_S, or grade offline."
        )
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        # Part of a reply then a closed connection is a broken reply; a server that closed the
        # connection before answering at all (killed, restarting) is unavailable.
        if isinstance(cause, httpx2.RemoteProtocolError) and not _sent_nothing(cause):
            return LLMBadOutput(
                f"The LLM server at {where} broke off its reply "
                f"({redact(str(exc.__cause__), settings.secret_values())}). "
                "Retry, or grade offline."
            )
        return LLMUnavailable(
            f"Could not reach the LLM at {where}. Check the server is running "
            "and the URL, or grade offline."
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMAuthError(
            f"The LLM provider refused the credentials (HTTP {exc.status_code}): "
            f"{_reason(exc, settings)}. Check the API key in Settings."
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMModelNotFound(
            f"Model or deployment {settings.model!r} was not found at {where} "
            f"(HTTP 404: {_reason(exc, settings)}). "
            "Check SIM_LLM_MODEL (the deployment name on Azure)."
        )
    if isinstance(exc, openai.RateLimitError):
        retry_after = exc.response.headers.get("retry-after") if exc.response else None
        wait = f" Retry after {retry_after} s." if retry_after else ""
        return LLMRateLimited(
            f"The provider is rate limiting requests (HTTP 429: {_reason(exc, settings)}).{wait} "
            "Grade it again later or offline."
        )
    if isinstance(exc, openai.APIStatusError) and exc.status_code < 500:
        return LLMRejected(
            f"The LLM provider rejected the request (HTTP {exc.status_code}): "
            f"{_reason(exc, settings)}. Retrying will not help until that is fixed; "
            "grade offline meanwhile."
        )
    if isinstance(exc, openai.APIStatusError):
        return LLMUnavailable(
            f"The LLM provider failed (HTTP {exc.status_code}): {_reason(exc, settings)}. "
            "Retry later or grade offline."
        )
    return LLMError(f"LLM call failed: {type(exc).__name__}")


def _is_format_rejection(exc: openai.APIStatusError) -> bool:
    """Servers without schema support answer 400/422/500 to a response_format they don't know."""
    return exc.status_code in (400, 422, 500, 501)


def chat_json(
    client: openai.OpenAI,
    settings: LLMSettings,
    *,
    messages: list[dict[str, str]],
    schema: dict,
    schema_name: str,
    max_tokens: int,
    grammar_schema: dict | None = None,
) -> ChatResult:
    """Ask for JSON matching `schema`; returns the raw content (the caller validates it)."""
    with deadline.within(settings.timeout_s):
        return _chat_json(
            client, settings, messages, schema, schema_name, max_tokens, grammar_schema
        )


def _chat_json(
    client: openai.OpenAI,
    settings: LLMSettings,
    messages: list[dict[str, str]],
    schema: dict,
    schema_name: str,
    max_tokens: int,
    grammar_schema: dict | None,
) -> ChatResult:
    endpoint = (settings.azure_endpoint or settings.base_url or "openai", settings.model or "")
    modes = _modes(settings, endpoint)
    last_rejection: Exception | None = None
    for mode in modes:
        start = time.perf_counter()
        request = {
            "model": settings.model,
            "messages": messages,
            "temperature": settings.temperature,
            "seed": settings.seed,
            "max_tokens": max_tokens,
        }
        shape = _response_format(mode, schema_name, schema, grammar_schema or schema)
        if shape is not None:
            request["response_format"] = shape
        try:
            raw = with_retries(
                lambda left, request=request: client.with_options(
                    timeout=left or settings.timeout_s
                ).chat.completions.with_raw_response.create(**request),
                settings.max_retries,
            )
        except openai.APIStatusError as exc:
            if _is_format_rejection(exc) and mode != modes[-1]:
                log.info(
                    "response_format %s rejected (%s); trying the next mode", mode, exc.status_code
                )
                last_rejection = exc
                continue
            raise _translate(exc, settings) from exc
        except openai.APIError as exc:
            raise _translate(exc, settings) from exc
        if problem := reply_problem(raw.http_response):
            status = raw.http_response.status_code
            raise LLMBadOutput(
                f"The LLM server at {settings.endpoint or 'the OpenAI API'} sent "
                f"{redact(problem, settings.secret_values())} (HTTP {status}). "
                "Retry, or grade offline."
            )
        response = raw.parse()
        if settings.capability is None:
            _mode_memory[endpoint] = mode
        choice = response.choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal:
            raise LLMBadOutput(f"The model refused to grade: {refusal[:200]}")
        usage = response.usage
        return ChatResult(
            content=choice.message.content or "",
            tokens_in=usage.prompt_tokens if usage else 0,
            tokens_out=usage.completion_tokens if usage else 0,
            latency_ms=(time.perf_counter() - start) * 1000,
            model=response.model or settings.model or "",
            mode=mode,
            finish_reason=choice.finish_reason or "",
        )
    raise _translate(last_rejection, settings) if last_rejection else LLMError("no mode worked")


def _modes(settings: LLMSettings, endpoint: tuple[str, str]) -> list[str]:
    """The shapes to try: a stored capability's, else the one that worked last in this process
    first, then the rest."""
    if settings.capability is not None:
        return list(CAPABILITY_MODES[settings.capability])
    first = _mode_memory.get(endpoint)
    return [first] + [m for m in MODES if m != first] if first else list(MODES)


def parse_json_object(result: ChatResult) -> dict:
    if result.finish_reason == "length":
        raise LLMBadOutput(
            "The model's reply was cut off (max tokens reached) before the JSON "
            "was complete. Retry, or raise the output budget."
        )
    try:
        data = json.loads(result.content)
    except json.JSONDecodeError as exc:
        raise LLMBadOutput(f"The model did not return valid JSON ({exc.msg}).") from exc
    if not isinstance(data, dict):
        raise LLMBadOutput("The model returned JSON that is not an object.")
    return data


def test_connection(settings: LLMSettings) -> tuple[bool, str]:
    """A one-token call: proves the endpoint, credentials and model name, for pennies."""
    try:
        client = make_client(settings)
        start = time.perf_counter()
        with deadline.within(settings.timeout_s):
            client.chat.completions.create(
                model=settings.model,
                messages=[{"role": "user", "content": "Reply with OK."}],
                max_tokens=1,
                temperature=0,
            )
    except LLMError as exc:
        return False, redact(str(exc), settings.secret_values())
    except openai.APIError as exc:
        return False, redact(str(_translate(exc, settings)), settings.secret_values())
    millis = (time.perf_counter() - start) * 1000
    return True, f"Connected: {settings.model} answered in {millis:.0f} ms."
