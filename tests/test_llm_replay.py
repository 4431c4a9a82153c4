"""The LLM path replayed offline from cassettes recorded against a real llama.cpp server
(re-record: SIM_RECORD_CASSETTES=1 with tests/test_llm_server.py)."""

import json
from pathlib import Path

import pytest

from sim import catalog, service
from sim.domain.types import DIMENSIONS
from sim.llm.settings import load_settings
from sim.storage import repo, session_repo
from tests.llm_cassettes import (
    ANSWER,
    CASSETTES,
    QUESTION_ID,
    assert_llm_round,
    forget_modes,
    recorder,
    room_session,
)

CASSETTE_DIR = Path(__file__).parent / "cassettes"
# Replay never connects; any address works as long as it is the recorded host.
ENV = {
    "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    "SIM_LLM_MODEL": "stories260K",
    "SIM_LLM_MAX_OUTPUT_TOKENS": "3000",
}


@pytest.fixture(autouse=True)
def _fresh_modes():
    forget_modes()
    yield
    forget_modes()


def _replay(name: str):
    path = CASSETTE_DIR / f"{name}.yaml"
    assert path.is_file(), f"missing cassette {path}: record with SIM_RECORD_CASSETTES=1"
    return recorder().use_cassette(str(path), record_mode="none", allow_playback_repeats=False)


def test_replayed_grade_is_validated_and_stored(sqlite_engine) -> None:
    settings = load_settings({**ENV, **CASSETTES["llama_grade"]})
    question = catalog.bank().get(QUESTION_ID)
    with _replay("llama_grade") as cassette:
        outcome = service.grade_answer(
            sqlite_engine, question, ANSWER, grader=service.grader_for("llm", settings)
        )
        # The probe comes from the grade reply (or the bank's ladder): no second call.
        probe = service.grader_for("llm", settings).follow_up(
            service.request_for(question, ANSWER), outcome.verdict
        )
    assert cassette.all_played and cassette.play_count == len(cassette.responses)
    # The json_schema request was refused by the server and JSON mode with a schema used.
    modes = [c["mode"] for c in repo.llm_calls(sqlite_engine, outcome.attempt_id)]
    assert modes == ["json_object_schema"]
    assert cassette.responses[0]["status"]["code"] == 500
    # The tiny model's nonsense never reaches a score unchecked.
    for dim in outcome.feedback.dimensions:
        assert all(quote in ANSWER for quote in dim.evidence)
        assert dim.level in (None, 1, 2, 3, 4)
    assert outcome.feedback.problems
    assert outcome.provenance.prompt_version == catalog.prompt("grade_answer").version
    assert outcome.provenance.tokens_in > 1000
    stored = repo.get_attempt(sqlite_engine, outcome.attempt_id)
    assert (
        stored.status == "graded" and stored.latest_grade.tokens_in == outcome.provenance.tokens_in
    )
    assert probe is not None and probe.dimension in DIMENSIONS


def test_identical_regrade_reuses_the_stored_grade(sqlite_engine) -> None:
    settings = load_settings({**ENV, **CASSETTES["llama_grade"]})
    question = catalog.bank().get(QUESTION_ID)
    with _replay("llama_grade"):
        first = service.grade_answer(
            sqlite_engine, question, ANSWER, grader=service.grader_for("llm", settings)
        )
    # No cassette, no server: a second identical grade must not call out at all.
    second = service.grade_answer(
        sqlite_engine, question, ANSWER, grader=service.grader_for("llm", settings)
    )
    assert second.provenance.reused and second.provenance.cost_usd == 0.0
    assert second.feedback == first.feedback


def test_median_of_samples_reports_spread(sqlite_engine) -> None:
    settings = load_settings({**ENV, **CASSETTES["llama_grade_samples"]})
    with _replay("llama_grade_samples") as cassette:
        outcome = service.grade_answer(
            sqlite_engine,
            catalog.bank().get(QUESTION_ID),
            ANSWER,
            grader=service.grader_for("llm", settings),
        )
    assert cassette.play_count >= 2
    assert "Median of 2 gradings." in outcome.verdict.notes
    assert set(outcome.verdict.spread) <= {d.value for d in DIMENSIONS}


def test_replayed_round_is_one_grade_call_per_turn_with_the_room_in_the_prompt(
    sqlite_engine, monkeypatch
) -> None:
    for name, value in {**ENV, **CASSETTES["llama_room_session"]}.items():
        monkeypatch.setenv(name, value)
    with _replay("llama_room_session") as cassette:
        attempt_id, reply = room_session(sqlite_engine)
    assert cassette.all_played and cassette.play_count == len(cassette.responses)
    assert_llm_round(sqlite_engine, attempt_id, reply)
    sent = [json.loads(r.body) for r in cassette.requests]
    prompts = [m["content"] for body in sent for m in body["messages"]]
    assert not any("Ask ONE follow-up question" in p for p in prompts)  # no separate probe call
    # The last grade call saw the room's exchange in its own fence.
    last = sent[-1]["messages"][-1]["content"]
    fact = catalog.bank().get(QUESTION_ID).interviewer.facts[0]
    room = last[last.index("<room>\n") : last.index("\n</room>")]
    assert f"Candidate asked: {fact.example_question}\nInterviewer: {reply.answer}" in room
    # The grade call after the first probe reply knew it had been asked (no repeat proposed).
    grades = [p for p in prompts if "# Follow-ups already asked" in p]
    first = session_repo.follow_ups(sqlite_engine, attempt_id)[0]
    second = grades[1][grades[1].index("# Follow-ups already asked") : grades[1].index("<answer>")]
    assert f"- {first.question}" in second
