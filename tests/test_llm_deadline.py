"""One overall grading deadline: a server that accepts the connection and never answers, or
trickles a byte now and then, ends at the stated deadline however many retries are allowed, and
the message names that deadline. Real loopback sockets (tests/fake_http.py)."""

import threading

import pytest

from sim import service
from sim.llm.errors import LLMTimeout
from tests.fake_http import hung_server
from tests.test_llm_failures import ANSWER, _grade, _grader

DEADLINE_S = 1.5
# A bound on a hang, never a measure: many times the deadline, so a busy machine cannot reach it.
OUTLIVED_S = 60


@pytest.fixture(scope="module", autouse=True)
def _sdk_loaded() -> None:
    """The SDK imported before the first deadline starts: importing it on a busy machine can
    take longer than the whole deadline, and the request would never be sent."""
    import openai  # noqa: F401

    from sim.llm import client  # noqa: F401


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
@pytest.mark.parametrize("per_dimension", ["0", "1"], ids=["one-call", "per-dimension"])
def test_a_hung_server_ends_at_the_overall_deadline(sqlite_engine, trickle, per_dimension) -> None:
    """Told by what reached the server, not by a clock: one request, never a retry after the
    deadline (three are allowed, and each would be another request), and an end at all (a
    trickled reply resets every per-read timeout, so without the deadline it never ends)."""
    failures: list[service.GradingFailed] = []

    def grade() -> None:
        with pytest.raises(service.GradingFailed) as raised:
            _grade(sqlite_engine, grader)
        failures.append(raised.value)

    with hung_server(trickle) as (url, arrived, requests):
        grader = _grader(
            url,
            SIM_LLM_TIMEOUT_S=str(DEADLINE_S),
            SIM_LLM_MAX_RETRIES="3",
            SIM_LLM_PER_DIMENSION=per_dimension,
        )
        grading = threading.Thread(target=grade, daemon=True)
        grading.start()
        grading.join(OUTLIVED_S)
        assert not grading.is_alive(), (
            f"still grading {OUTLIVED_S} s after a {DEADLINE_S} s deadline"
        )
    assert arrived.is_set()  # the request really reached the server
    assert len(requests) == 1, f"{len(requests)} requests: retried past the deadline"
    [failure] = failures
    cause = failure.__cause__
    assert isinstance(cause, LLMTimeout), cause
    assert f"{DEADLINE_S:g} s grading deadline" in str(cause)
    stored = service.get_attempt(sqlite_engine, failure.attempt_id)
    assert stored.answer == ANSWER and stored.status == "failed"
