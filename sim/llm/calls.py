"""One JSON call to the model, logged: every caller (the grader, the interviewer) keeps a list of
CallLog entries that the service stores in the call log, failed calls included."""

from dataclasses import dataclass

import openai

from sim.domain.redaction import redact
from sim.llm.client import ChatResult, chat_json, parse_json_object
from sim.llm.settings import LLMSettings
from sim.llm.tokens import count_tokens


@dataclass
class CallLog:
    """What the service stores per call (never the key, never the prompt text)."""

    purpose: str
    result: ChatResult | None = None
    error_kind: str = ""
    error: str = ""
    prompt_tokens_counted: int = 0
    tokens_estimated: bool = False


def logged_json_call(
    client: openai.OpenAI,
    settings: LLMSettings,
    calls: list[CallLog],
    *,
    purpose: str,
    messages: list[dict[str, str]],
    schema: dict,
    schema_name: str,
    max_tokens: int,
    grammar_schema: dict | None = None,
) -> dict:
    """The model's JSON object for these messages; the call is appended to `calls` whatever
    happens, with its outcome (the error redacted of any secret)."""
    counted = count_tokens("\n".join(m["content"] for m in messages), settings.model or "")
    entry = CallLog(
        purpose, prompt_tokens_counted=counted.tokens, tokens_estimated=counted.estimated
    )
    calls.append(entry)
    try:
        result = chat_json(
            client,
            settings,
            messages=messages,
            schema=schema,
            schema_name=schema_name,
            max_tokens=max_tokens,
            grammar_schema=grammar_schema,
        )
        entry.result = result
        return parse_json_object(result)
    except Exception as exc:
        entry.error_kind = getattr(exc, "kind", type(exc).__name__)
        entry.error = redact(str(exc), settings.secret_values())[:300]
        raise
