"""LLM failures end as clear messages with the answer saved and retryable. Error statuses a local
model server cannot send are simulated at the HTTP layer (tests/fake_http.py)."""

import json

import pytest

from sim import catalog, service
from sim.graders.llm import LLMGrader
from sim.llm.errors import (
    LLMAuthError,
    LLMBadOutput,
    LLMModelNotFound,
    LLMRateLimited,
    LLMRejected,
    LLMTimeout,
    LLMUnavailable,
)
from sim.llm.replies import REASON_MAX_CHARS
from sim.llm.settings import load_settings
from sim.storage import repo
from tests.fake_http import body_server, status_server
from tests.llama_server import free_port

ANSWER = "We shard the short codes by hash and cache hot redirects; a failed shard fails over."


def _grader(base_url: str, **extra: str) -> LLMGrader:
    env = {
        "OPENAI_BASE_URL": base_url,
        "SIM_LLM_MODEL": "any-model",
        "SIM_LLM_MAX_RETRIES": "1",
        "SIM_LLM_TIMEOUT_S": "5",
        **extra,
    }
    return service.grader_for("llm", load_settings(env))


def _grade(engine, grader):
    question = catalog.bank().get("sd-url-shortener")
    return service.grade_answer(engine, question, ANSWER, grader=grader)


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (401, LLMAuthError, "credentials"),
        (403, LLMAuthError, "credentials"),
        (404, LLMModelNotFound, "any-model"),
    ],
)
def test_non_retryable_statuses_fail_fast_with_a_clear_message(
    sqlite_engine, status, error, words
) -> None:
    with status_server(status) as (url, hits), pytest.raises(service.GradingFailed) as info:
        _grade(sqlite_engine, _grader(url))
    assert isinstance(info.value.__cause__, error)
    assert words in str(info.value.__cause__)
    assert len(hits) == 1  # not retried: a retry cannot help
    _assert_saved_and_retryable(sqlite_engine, info.value.attempt_id, error.kind)


def test_429_is_retried_by_the_sdk_honouring_retry_after(sqlite_engine) -> None:
    with (
        status_server(429, {"retry-after": "1"}) as (url, hits),
        pytest.raises(service.GradingFailed) as info,
    ):
        _grade(sqlite_engine, _grader(url))
    assert isinstance(info.value.__cause__, LLMRateLimited)
    assert "Retry after 1 s" in str(info.value.__cause__)
    assert len(hits) == 2  # first try + SIM_LLM_MAX_RETRIES=1
    assert hits[1] - hits[0] >= 0.9  # waited as the server asked
    _assert_saved_and_retryable(sqlite_engine, info.value.attempt_id, "rate_limited")


def test_5xx_is_retried_then_reported(sqlite_engine) -> None:
    with status_server(503) as (url, hits), pytest.raises(service.GradingFailed) as info:
        _grade(sqlite_engine, _grader(url))
    assert isinstance(info.value.__cause__, LLMUnavailable)
    assert "HTTP 503" in str(info.value.__cause__)
    assert len(hits) >= 2


def test_timeout(sqlite_engine) -> None:
    with status_server(200, delay_s=3) as (url, _), pytest.raises(service.GradingFailed) as info:
        _grade(sqlite_engine, _grader(url, SIM_LLM_TIMEOUT_S="0.5", SIM_LLM_MAX_RETRIES="0"))
    # A timeout, not the reply the server sends after 3 s: the client gave up first.
    assert isinstance(info.value.__cause__, LLMTimeout)
    _assert_saved_and_retryable(sqlite_engine, info.value.attempt_id, "timeout")


def test_connection_refused(sqlite_engine) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    with pytest.raises(service.GradingFailed) as info:
        _grade(sqlite_engine, _grader(url, SIM_LLM_MAX_RETRIES="0"))
    assert isinstance(info.value.__cause__, LLMUnavailable)
    assert "Could not reach" in str(info.value.__cause__)


def _assert_saved_and_retryable(engine, attempt_id: int, kind: str) -> None:
    stored = repo.get_attempt(engine, attempt_id)
    assert stored.answer == ANSWER and stored.status == "failed"
    assert [a.id for a in repo.pending_attempts(engine)] == [attempt_id]
    calls = repo.llm_calls(engine, attempt_id)
    assert calls and calls[0]["outcome"] == kind
    assert all("sk-" not in (c["error"] or "") for c in calls)
    # Recoverable: the same saved answer graded offline.
    retry = service.regrade(engine, attempt_id, service.default_grader())
    assert repo.get_attempt(engine, retry.attempt_id).status == "graded"
    assert repo.pending_attempts(engine) == []


def test_connection_test_reports_and_is_logged(sqlite_engine) -> None:
    from sim import llm_accounting

    with status_server(401) as (url, _):
        settings = load_settings({"OPENAI_BASE_URL": url, "SIM_LLM_MODEL": "any-model"})
        ok, message = llm_accounting.test_llm_connection(settings, sqlite_engine)
    assert not ok and "credentials" in message
    logged = repo.llm_calls(sqlite_engine)
    assert [(c["purpose"], c["outcome"]) for c in logged] == [("test_connection", "error")]


HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1><hr>proxy</body></html>"
)
# A chat completion's opening, cut before any content: never a usable reply.
CUT_JSON = b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "mess'


@pytest.mark.parametrize(
    ("status", "body", "content_type", "cut_at", "error", "words"),
    [
        (200, HTML_PAGE, "text/html", None, LLMBadOutput, "an HTML page (502 Bad Gateway)"),
        (502, HTML_PAGE, "text/html", None, LLMUnavailable, "HTTP 502): an HTML page"),
        (200, b"", "application/json", None, LLMBadOutput, "an empty reply (HTTP 200)"),
        (200, CUT_JSON, "application/json", None, LLMBadOutput, "not valid JSON, probably cut"),
        (200, CUT_JSON + b"...", "application/json", len(CUT_JSON), LLMBadOutput, "broke off"),
    ],
    ids=["html-200", "html-502", "empty", "cut-json", "connection-cut"],
)
def test_a_reply_that_is_not_json_is_named_and_the_answer_stays_saved(
    sqlite_engine, status, body, content_type, cut_at, error, words
) -> None:
    with (
        body_server(status, body, content_type, cut_at) as (url, _),
        pytest.raises(service.GradingFailed) as info,
    ):
        _grade(sqlite_engine, _grader(url, SIM_LLM_MAX_RETRIES="0"))
    message = str(info.value.__cause__)
    assert isinstance(info.value.__cause__, error), message
    assert words in message
    assert "Traceback" not in message and "<html" not in message.lower()
    _assert_saved_and_retryable(sqlite_engine, info.value.attempt_id, error.kind)


def _error_body(message: str) -> bytes:
    return json.dumps(
        {"error": {"message": message, "type": "invalid_request_error", "code": "x"}}
    ).encode()


def test_a_400_passes_the_providers_own_reason_through(sqlite_engine) -> None:
    reason = (
        "This model's maximum context length is 8192 tokens. However, your messages "
        "resulted in 9120 tokens. Please reduce the length of the messages."
    )
    with (
        body_server(400, _error_body(reason), "application/json") as (url, _),
        pytest.raises(service.GradingFailed) as info,
    ):
        _grade(sqlite_engine, _grader(url))
    message = str(info.value.__cause__)
    assert isinstance(info.value.__cause__, LLMRejected)
    assert "HTTP 400" in message and reason in message
    assert "retry later" not in message
    _assert_saved_and_retryable(sqlite_engine, info.value.attempt_id, "rejected")


def test_a_providers_reason_is_redacted_and_cut_short(sqlite_engine) -> None:
    key = "sk-live0123456789abcdefghij"
    reason = f"Invalid value for 'messages' (key {key}): " + "x" * 5000
    with (
        body_server(422, _error_body(reason), "application/json") as (url, _),
        pytest.raises(service.GradingFailed) as info,
    ):
        _grade(sqlite_engine, _grader(url, OPENAI_API_KEY=key))
    message = str(info.value.__cause__)
    assert "Invalid value for 'messages'" in message
    assert key not in message and len(message) < REASON_MAX_CHARS + 200
