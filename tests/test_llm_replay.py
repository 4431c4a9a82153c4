"""The LLM path replayed offline from cassettes recorded against a real llama.cpp server
(re-record: SIM_RECORD_CASSETTES=1 with tests/test_llm_server.py)."""

from pathlib import Path

import pytest

from sim import catalog, service
from sim.domain.types import DIMENSIONS
from sim.llm.settings import load_settings
from sim.storage import repo
from tests.llm_cassettes import ANSWER, CASSETTES, QUESTION_ID, forget_modes, recorder

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
        probe = service.grader_for("llm", settings).follow_up(
            service.request_for(question, ANSWER), outcome.verdict
        )
    assert cassette.all_played
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
