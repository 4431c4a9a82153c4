"""Provider profiles against the real llama.cpp server: "Test connection" detects what it
supports (JSON mode, not a strict schema) and stores it; grading with the profile uses that
stored capability and nothing negotiated per process; `sim providers test` and
`sim grade --provider` do the same from a terminal."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import catalog, provider_checks, service
from sim.llm import client
from sim.llm.errors import LLMUnavailable
from sim.providers import profiles
from sim.providers.profiles import Profile
from sim.storage import repo
from tests.llm_cassettes import ANSWER, QUESTION_ID
from tests.providers_llama import PROFILE, slow_model_env, start_llama

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.llama


@pytest.fixture(scope="module")
def llama():
    server = start_llama()
    yield server
    server.stop()


def _profile(llama, **extra) -> Profile:
    return Profile(
        name=PROFILE, kind="compatible", base_url=llama.base_url, model="stories260K", **extra
    )


def test_test_connection_detects_json_mode_and_stores_it(llama, engine) -> None:
    profiles.put(_profile(llama))
    ok, message, tested = provider_checks.check_profile(_profile(llama), None, engine)
    assert ok, message
    # llama.cpp answers HTTP 500 to a strict json_schema and honours JSON mode with a schema.
    assert tested.capability == "json-mode" and tested.detected_at is not None
    assert profiles.get(PROFILE).capability == "json-mode"
    assert "Structured output: json-mode" in message
    calls = repo.llm_calls(engine)
    assert [(c["purpose"], c["outcome"]) for c in calls] == [("test_connection", "ok")]
    # The server lists its model (the file it serves) for the form to pick from.
    assert any(m.endswith("stories260K.gguf") for m in provider_checks.models_of(tested, None))


def test_a_failed_test_stores_no_capability(llama, sqlite_engine) -> None:
    dead = _profile(llama).model_copy(update={"base_url": "http://127.0.0.1:9/v1"})
    profiles.put(dead)
    ok, message, _ = provider_checks.check_profile(dead, None, sqlite_engine)
    assert not ok and "Could not reach" in message
    assert profiles.get(PROFILE).capability is None


def test_grading_uses_the_stored_capability_not_a_process_cache(
    llama, sqlite_engine, monkeypatch
) -> None:
    """A profile that claims a strict schema sends only that shape: llama.cpp refuses it, so
    the grade fails, where per-process negotiation would have moved on to JSON mode."""
    slow_model_env(monkeypatch)
    client._mode_memory.clear()
    profiles.put(_profile(llama, capability="strict-schema"))
    question = catalog.bank().get(QUESTION_ID)
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(
            sqlite_engine, question, ANSWER, grader=service.grader_for(f"llm:{PROFILE}")
        )
    assert isinstance(info.value.__cause__, LLMUnavailable)
    assert "HTTP 500" in str(info.value.__cause__)
    assert client._mode_memory == {}
    assert repo.get_attempt(sqlite_engine, info.value.attempt_id).answer == ANSWER


def _sim(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
        timeout=timeout,
    )


def test_cli_tests_a_profile_then_grades_with_it(llama, monkeypatch, tmp_path) -> None:
    slow_model_env(monkeypatch)
    profiles.put(_profile(llama))
    tested = _sim("providers", "test", PROFILE)
    assert tested.returncode == 0, tested.stderr
    assert "Structured output: json-mode" in tested.stdout
    listed = json.loads(_sim("providers", "list", "--json").stdout)
    assert [(r["name"], r["capability"]) for r in listed] == [(PROFILE, "json-mode")]

    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER)
    graded = _sim("grade", QUESTION_ID, str(answer), "--provider", PROFILE, "--json")
    assert graded.returncode == 0, graded.stderr
    data = json.loads(graded.stdout)
    assert data["grader"] == "llm" and data["model"] == "stories260K"
    assert data["tokens_in"] > 1000
    from sim.storage.db import make_engine

    calls = repo.llm_calls(make_engine())
    grade_calls = [c for c in calls if c["purpose"] == "grade"]
    # One shape only, the stored one: nothing was tried and refused first.
    assert [c["mode"] for c in grade_calls] == ["json_object_schema"]
    assert all(c["endpoint"] == llama.base_url for c in calls)
