"""LLM failures end as clear messages with the answer saved and retryable. Error statuses a local
model server cannot send are simulated at the HTTP layer (tests/fake_http.py)."""

import time

import pytest

from sim import catalog, service
from sim.graders.llm import LLMGrader
from sim.llm.errors import (
    LLMAuthError,
    LLMModelNotFound,
    LLMRateLimited,
    LLMTimeout,
    LLMUnavailable,
)
from sim.llm.settings import load_settings
from sim.storage import repo
from tests.fake_http import status_server
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
    with status_server(200, delay_s=3) as (url, _):
        start = time.monotonic()
        with pytest.raises(service.GradingFailed) as info:
            _grade(sqlite_engine, _grader(url, SIM_LLM_TIMEOUT_S="0.5", SIM_LLM_MAX_RETRIES="0"))
    assert isinstance(info.value.__cause__, LLMTimeout)
    assert time.monotonic() - start < 3
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
