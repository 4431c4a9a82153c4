"""End to end against a real OpenAI-compatible server: llama.cpp serving the tiny stories260K
model on loopback. It writes nonsense, so these tests check the protocol and our defences: its
made-up quotes are dropped, its out-of-range levels are not scored, its cut-off JSON is reported,
and a server that dies mid-run leaves the answer saved and gradable later.

Set SIM_RECORD_CASSETTES=1 to re-record the cassettes the default run replays."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sim import catalog, service
from sim.llm.errors import LLMBadOutput, LLMTimeout, LLMUnavailable
from sim.llm.settings import load_settings
from sim.storage import repo
from tests.conftest import SHARED, need_or_skip
from tests.llama_server import LlamaServer, llama_python
from tests.llm_cassettes import (
    ANSWER,
    CASSETTES,
    QUESTION_ID,
    assert_llm_round,
    forget_modes,
    recorder,
    room_session,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.llama


@pytest.fixture(scope="module")
def llama():
    need_or_skip((SHARED / "assets" / "models").is_dir(), "../shared/assets is absent")
    python = llama_python()
    need_or_skip(
        python is not None,
        "llama-cpp-python[server] is not installed (set SIM_LLAMA_PYTHON to a Python that has it)",
    )
    server = LlamaServer(python)
    server.start()
    yield server
    server.stop()


def _env(server: LlamaServer, **extra: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "SIM_LLM_MODEL": "stories260K",
        "SIM_LLM_MAX_OUTPUT_TOKENS": "3000",
        # One deadline covers a whole grading (every sample and retry): the tiny model on a busy
        # 2-core machine needs minutes, and deadlines are tested against hanging sockets.
        "SIM_LLM_TIMEOUT_S": "600",
        "TIKTOKEN_CACHE_DIR": str(SHARED / "assets" / "tiktoken_cache"),
        **extra,
    }


def test_cli_grades_through_the_server(llama, tmp_path) -> None:
    answer_file = tmp_path / "answer.txt"
    answer_file.write_text(ANSWER)
    env = {**os.environ, **_env(llama), "SIM_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "grade",
            QUESTION_ID,
            str(answer_file),
            "--grader",
            "llm",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["grader"] == "llm" and data["model"] == "stories260K"
    assert data["prompt_id"] == "grade_answer" and data["prompt_version"]
    assert data["tokens_in"] > 1000 and data["tokens_out"] > 0
    assert "cost_usd" in data  # None: no price is known for a local model
    for dim in data["dimensions"]:
        # Whatever the model claims, only verbatim quotes survive and only 1-4 is scored.
        assert all(quote in ANSWER for quote in dim["evidence"])
        assert dim["level"] in (None, 1, 2, 3, 4)
    assert data["problems"], "the nonsense verdict must have been corrected"


def test_cut_off_json_is_reported_and_the_answer_kept(llama, sqlite_engine) -> None:
    grader = service.grader_for("llm", load_settings(_env(llama, SIM_LLM_MAX_OUTPUT_TOKENS="40")))
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(sqlite_engine, catalog.bank().get(QUESTION_ID), ANSWER, grader=grader)
    assert isinstance(info.value.__cause__, LLMBadOutput)
    assert "cut off" in str(info.value.__cause__)
    assert repo.get_attempt(sqlite_engine, info.value.attempt_id).status == "failed"


def test_timeout_against_a_real_server(llama, sqlite_engine) -> None:
    env = _env(llama, SIM_LLM_TIMEOUT_S="0.2", SIM_LLM_MAX_RETRIES="0")
    grader = service.grader_for("llm", load_settings(env))
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(sqlite_engine, catalog.bank().get(QUESTION_ID), ANSWER, grader=grader)
    assert isinstance(info.value.__cause__, LLMTimeout)


def test_server_killed_mid_run_then_retried_after_restart(llama, sqlite_engine) -> None:
    grader = service.grader_for("llm", load_settings(_env(llama, SIM_LLM_MAX_RETRIES="0")))
    question = catalog.bank().get(QUESTION_ID)
    killer = threading.Timer(1.0, llama.stop)  # dies while generating
    killer.start()
    with pytest.raises(service.GradingFailed) as info:
        service.grade_answer(sqlite_engine, question, ANSWER, grader=grader)
    killer.join()
    assert isinstance(info.value.__cause__, LLMUnavailable)
    attempt_id = info.value.attempt_id
    assert repo.get_attempt(sqlite_engine, attempt_id).answer == ANSWER
    assert [a.id for a in repo.pending_attempts(sqlite_engine)] == [attempt_id]

    llama.start()
    retried = service.regrade(sqlite_engine, attempt_id, grader)
    assert retried.grader == "llm"
    assert repo.get_attempt(sqlite_engine, attempt_id).status == "graded"


def test_a_round_in_the_room_is_one_grade_call_per_candidate_turn(
    llama, sqlite_engine, monkeypatch
) -> None:
    """The interviewer answers through the model (or falls back), each turn is one grade call
    whose proposed follow-up (or the bank's ladder) is asked next, the last call's grade kept."""
    for name, value in _env(llama).items():
        monkeypatch.setenv(name, value)
    attempt_id, reply = room_session(sqlite_engine)
    assert_llm_round(sqlite_engine, attempt_id, reply)


@pytest.mark.skipif(
    os.environ.get("SIM_RECORD_CASSETTES") != "1", reason="set SIM_RECORD_CASSETTES=1 to re-record"
)
@pytest.mark.parametrize("name", list(CASSETTES))
def test_record_cassettes(llama, name, sqlite_engine, monkeypatch) -> None:
    """Records the cassettes tests/test_llm_replay.py replays, from this real server."""
    path = Path(__file__).parent / "cassettes" / f"{name}.yaml"
    path.unlink(missing_ok=True)
    forget_modes()  # record the full negotiation, as a fresh process would do it
    env = _env(llama, **CASSETTES[name])
    with recorder().use_cassette(str(path), record_mode="all"):
        SCENARIOS.get(name, _grade_scenario)(env, sqlite_engine, monkeypatch)
    assert path.is_file()


def _grade_scenario(env: dict[str, str], engine, monkeypatch) -> None:
    grader = service.grader_for("llm", load_settings(env))
    request = service.request_for(catalog.bank().get(QUESTION_ID), ANSWER)
    verdict = grader.assess(request)
    grader.follow_up(request, verdict)


def _room_session_scenario(env: dict[str, str], engine, monkeypatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    room_session(engine)


SCENARIOS = {"llama_room_session": _room_session_scenario}
