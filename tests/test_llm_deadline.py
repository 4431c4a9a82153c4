"""One overall grading deadline: a server that accepts the connection and never answers, or
trickles a byte now and then, ends at the stated deadline however many retries are allowed, and
the message names that deadline. Real loopback sockets (tests/fake_http.py)."""

import time

import pytest

from sim import service
from sim.llm.errors import LLMTimeout
from tests.fake_http import hung_server
from tests.test_llm_failures import ANSWER, _grade, _grader

DEADLINE_S = 1.5
SLACK_S = 1.0  # saving the answer, building the prompt, closing the sockets


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
@pytest.mark.parametrize("per_dimension", ["0", "1"], ids=["one-call", "per-dimension"])
def test_a_hung_server_ends_at_the_overall_deadline(sqlite_engine, trickle, per_dimension) -> None:
    with hung_server(trickle) as (url, arrived):
        grader = _grader(
            url,
            SIM_LLM_TIMEOUT_S=str(DEADLINE_S),
            SIM_LLM_MAX_RETRIES="3",
            SIM_LLM_PER_DIMENSION=per_dimension,
        )
        start = time.monotonic()
        with pytest.raises(service.GradingFailed) as info:
            _grade(sqlite_engine, grader)
        took = time.monotonic() - start
    assert arrived.is_set()  # the request really reached the server
    cause = info.value.__cause__
    assert isinstance(cause, LLMTimeout), cause
    assert f"{DEADLINE_S:g} s grading deadline" in str(cause)
    assert took < DEADLINE_S + SLACK_S, f"took {took:.1f} s against a {DEADLINE_S} s deadline"
    stored = service.get_attempt(sqlite_engine, info.value.attempt_id)
    assert stored.answer == ANSWER and stored.status == "failed"
