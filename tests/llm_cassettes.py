"""Shared set-up for recording (tests/test_llm_server.py) and replaying (tests/test_llm_replay.py)
cassettes of real LLM server traffic. Auth headers and cookies never reach a cassette."""

from datetime import timedelta
from pathlib import Path

import vcr
from sqlalchemy.engine import Engine

from sim import catalog, interview_room, sessions
from sim.domain.interviewer import MAX_STRAY_SHARE, InterviewerReply, compile_notes
from sim.domain.matching import analyse
from sim.domain.statuses import FollowUpStatus
from sim.domain.types import DIMENSIONS, RoomEventKind
from sim.domain.vocabulary import content_terms
from sim.storage import repo, room_repo, session_repo

QUESTION_ID = "sd-url-shortener"
ANSWER = (Path(__file__).parent / "data" / "answers" / "url_shortener.txt").read_text()
# Cassette name -> extra settings it was recorded with.
CASSETTES = {
    "llama_grade": {},
    "llama_grade_samples": {"SIM_LLM_SAMPLES": "2"},
    "llama_room_session": {},
}
PROBE_REPLIES = (
    "The hot code is served from the regional cache; the store sees one read per region while "
    "the cache entry lives, and request coalescing stops a stampede when it expires.",
    "I would own the cut-over: dual writes first, a backfill with checksums, then reads moved "
    "region by region behind a flag we can turn back within minutes.",
)


def room_session(engine: Engine) -> tuple[int, InterviewerReply]:
    """One system-design round with the LLM (settings from the environment): a clarifying
    question to the interviewer, the answer, then a reply to each probe asked."""
    session_id = sessions.start_session(engine, question_id=QUESTION_ID)
    attempt = sessions.state(engine, session_id).attempt
    fact = catalog.bank().get(QUESTION_ID).interviewer.facts[0]
    start = attempt.started_at
    reply = interview_room.ask(
        engine, attempt, fact.example_question, start + timedelta(seconds=30), "llm"
    )
    sessions.submit(engine, attempt, ANSWER, start + timedelta(minutes=20), "llm")
    for text in PROBE_REPLIES:
        state = sessions.state(engine, session_id)
        if state.phase != "follow_up":
            break
        sessions.answer_follow_up(engine, state, text, "llm")
    return attempt.id, reply


def forget_modes() -> None:
    """The client remembers which structured-output mode a server accepted; cassettes hold
    the whole negotiation, so recording and replay both start from a fresh memory."""
    from sim.llm import client

    client._mode_memory.clear()


def recorder() -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(Path(__file__).parent / "cassettes"),
        filter_headers=["authorization", "api-key", "cookie", "set-cookie", "openai-organization"],
        # The port differs per run; everything that identifies the request must match.
        match_on=["method", "scheme", "host", "path", "query", "body"],
        decode_compressed_response=True,
    )


def assert_llm_round(engine: Engine, attempt_id: int, reply: InterviewerReply) -> None:
    """What any model, however weak, must leave behind after room_session."""
    calls = repo.llm_calls(engine, attempt_id)
    probes = session_repo.follow_ups(engine, attempt_id)
    assert probes and all(p.status is not FollowUpStatus.ASKED for p in probes)
    # One grade call per candidate turn (the answer, then each probe reply), no other call.
    assert sorted(c["purpose"] for c in calls) == ["grade"] * (1 + len(probes)) + ["interviewer"]
    assert len({p.question for p in probes}) == len(probes)
    for probe in probes:
        assert len(probe.question) >= 10 and probe.source in ("llm", "bank")
        assert probe.dimension in {d.value for d in DIMENSIONS}
    attempt = repo.get_attempt(engine, attempt_id)
    assert attempt.status == "graded" and [g.grader for g in attempt.grades] == ["llm"]
    # The interviewer: a schema-valid reply is "llm" or "none"; a failed one the offline answer.
    question = catalog.bank().get(QUESTION_ID)
    notes = question.interviewer.facts
    interviewer_ok = next(c for c in calls if c["purpose"] == "interviewer")["outcome"] == "ok"
    assert reply.source in (("llm", "none") if interviewer_ok else ("notes", "none"))
    assert {f.answer for f in reply.facts} <= {f.answer for f in notes}
    if reply.source == "llm":  # nothing beyond the notes it used and the question asked
        vocabulary = catalog.vocabulary()
        compiled = {c.fact.answer: c for c in compile_notes(question.interviewer, vocabulary)}
        allowed = set().union(*(compiled[f.answer].terms for f in reply.facts))
        allowed |= _terms(notes[0].example_question)
        said = _terms(reply.answer)
        assert vocabulary.mass(said - allowed) <= MAX_STRAY_SHARE * vocabulary.mass(said)
    (event,) = [e for e in room_repo.events(engine, attempt_id) if e.kind is RoomEventKind.QUESTION]
    assert event.reply == reply.answer and event.source == reply.source


def _terms(text: str) -> set[str]:
    return set(content_terms(analyse(text, catalog.vocabulary().lexicon)))
