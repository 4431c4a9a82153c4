"""The offline interviewer answers clarifying questions from the question's notes, only with what
was asked, and asks for an assumption when the notes hold nothing; phases add up to the limit."""

import pytest

from sim import catalog, paths
from sim.domain.formats import load_phases
from sim.domain.interviewer import NOTHING_IN_NOTES, YOUR_CALL, answer_question, compile_notes
from sim.domain.phases import PhaseEntry, phase_status, plan_phases, time_per_phase
from sim.domain.types import Kind, Phase

NOTED = [q for q in catalog.bank().questions if q.kind is Kind.SYSTEM_DESIGN and q.interviewer]


@pytest.mark.parametrize("question", NOTED, ids=lambda q: q.id)
def test_each_example_question_gets_its_own_fact(question) -> None:
    facts = compile_notes(question.interviewer, catalog.vocabulary())
    for fact in question.interviewer.facts:
        reply = answer_question(fact.example_question, facts, catalog.vocabulary())
        assert reply.source == "notes", f"{question.id}: {fact.example_question!r} got nothing"
        assert fact in reply.facts, f"{question.id}: {fact.example_question!r} got {reply.facts}"


def test_a_question_the_notes_do_not_cover_asks_for_an_assumption() -> None:
    question = NOTED[0]
    facts = compile_notes(question.interviewer, catalog.vocabulary())
    reply = answer_question("What colour should the logo be?", facts, catalog.vocabulary())
    assert reply.source == "none" and reply.answer == NOTHING_IN_NOTES and not reply.facts


def test_the_interviewer_says_only_what_was_asked() -> None:
    question = NOTED[0]
    facts = compile_notes(question.interviewer, catalog.vocabulary())
    first = question.interviewer.facts[0]
    reply = answer_question(first.example_question, facts, catalog.vocabulary())
    assert len(reply.facts) < len(question.interviewer.facts)
    again = answer_question(
        first.example_question, facts, catalog.vocabulary(), frozenset({first.answer})
    )
    assert again.answer.startswith("As I said")


def test_phase_boxes_add_up_to_the_limit_and_overruns_show() -> None:
    boxes = load_phases(paths.QUESTION_BANK_DIR / "formats.yaml")
    assert [b.id for b in boxes] == list(Phase)
    for limit in (35 * 60, 45 * 60, 61):
        plan = plan_phases(boxes, limit)
        assert plan[0].start_s == 0 and plan[-1].end_s == limit
        assert all(a.end_s == b.start_s for a, b in zip(plan, plan[1:], strict=False))
    plan = plan_phases(boxes, 40 * 60)
    status = phase_status(plan, [], plan[0].length_s + 30)
    assert status.current.phase is Phase.CLARIFY and status.overrun and status.over_by_s == 30
    moved = [PhaseEntry(Phase.CLARIFY, 0), PhaseEntry(Phase.HIGH_LEVEL, 120)]
    status = phase_status(plan, moved, 180)
    assert status.current.phase is Phase.HIGH_LEVEL and not status.overrun
    spent = time_per_phase(moved, 600)
    assert spent == {Phase.CLARIFY: 120, Phase.HIGH_LEVEL: 480}


def test_a_question_in_other_words_still_finds_its_fact() -> None:
    question = catalog.bank().get("sd-chat-system")
    facts = compile_notes(question.interviewer, catalog.vocabulary())
    reply = answer_question(
        "Roughly what volume of chat messages goes through per day?", facts, catalog.vocabulary()
    )
    assert reply.source == "notes" and reply.facts
    assert any(f.kind.value == "scale" for f in reply.facts)


def test_asking_for_the_solution_reveals_nothing() -> None:
    for question in NOTED[:10]:
        facts = compile_notes(question.interviewer, catalog.vocabulary())
        reply = answer_question(
            "Which database and which message broker should I use for this?",
            facts,
            catalog.vocabulary(),
        )
        assert reply.source == "none" and reply.answer == YOUR_CALL, (question.id, reply.answer)
