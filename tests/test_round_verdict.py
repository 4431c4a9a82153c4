"""The round verdict rule (rubrics/round_verdict.yaml applied by sim/domain/round_verdict.py):
each outcome with the one or two things that decided it, and what to practise next."""

from pathlib import Path

import pytest

from sim import catalog
from sim.domain.errors import DataFileError
from sim.domain.practice_next import opening, practice_next, weakest_topic
from sim.domain.round_verdict import derive_verdict, load_verdict_rule
from sim.domain.types import Dimension, Kind
from tests.rounds import feedback

C, D, P, OWN = Dimension.CLARITY, Dimension.DEPTH, Dimension.PRAGMATISM, Dimension.OWNERSHIP


def _levels(c: int | None, d: int | None, p: int | None, o: int | None) -> dict:
    return {C: c, D: d, P: p, OWN: o}


@pytest.fixture(scope="module")
def rule():
    return catalog.verdict_rule()


def test_strong_hire_says_what_earned_it(rule) -> None:
    verdict = derive_verdict([feedback(_levels(4, 4, 4, 3)), feedback(_levels(4, 4, 4, 4))], rule)
    assert (verdict.outcome, verdict.label) == ("strong_hire", "Strong hire")
    assert verdict.reasons == [
        "Mean evidenced level 3.88 across 2 answers.",
        "Every dimension at 3.50 or more (Ownership lowest).",
    ]


def test_hire_names_the_two_things_short_of_strong_hire_furthest_first(rule) -> None:
    verdict = derive_verdict([feedback(_levels(3, 3, 3, 2))], rule)
    assert verdict.outcome == "hire"
    assert verdict.reasons == [
        "Ownership averaged 2.00 across 1 answer; Strong hire needs every dimension at 3.00 or "
        "more.",
        "Mean evidenced level 2.75 across 1 answer; Strong hire needs 3.50.",
    ]


def test_lean_no_hire_with_its_one_deciding_reason(rule) -> None:
    verdict = derive_verdict([feedback(_levels(2, 2, 3, 2)), feedback(_levels(2, 2, 2, 2))], rule)
    assert verdict.outcome == "lean_no_hire"
    assert verdict.reasons == ["Mean evidenced level 2.12 across 2 answers; Hire needs 2.75."]


def test_no_hire_when_the_mean_is_below_senior(rule) -> None:
    verdict = derive_verdict([feedback(_levels(1, 2, 1, 1))], rule)
    assert (verdict.outcome, verdict.label) == ("no_hire", "No hire")
    assert verdict.reasons == [
        "Mean evidenced level 1.25 across 1 answer; Lean no hire needs 2.00."
    ]


def test_a_level_without_a_quote_does_not_count(rule) -> None:
    # Level 4 everywhere, but only clarity is backed by a quote from the answer.
    verdict = derive_verdict([feedback(_levels(4, 4, 4, 4), unquoted=(D, P, OWN))], rule)
    assert verdict.outcome == "no_hire"
    assert verdict.mean == 4.0 and verdict.evidence_share == 0.25
    assert verdict.reasons == [
        "Depth has no level backed by a quote from the answer; Lean no hire needs every "
        "dimension at 1.00 or more."
    ]
    assert verdict.weakest.dimension is D


def test_thin_evidence_alone_can_decide(rule) -> None:
    # Staff levels, but under half the judgements of the round have no quote: not a hire.
    quoted = feedback(_levels(3, 3, 3, 3))
    thin = feedback(_levels(3, 3, 3, 3), unquoted=(C, D, P))
    verdict = derive_verdict([quoted, thin, thin, thin], rule)
    assert verdict.evidence_share == 0.44
    assert verdict.outcome == "lean_no_hire"
    assert verdict.reasons == [
        "Only 44% of the round's judgements rest on quoted evidence; Hire needs 50%."
    ]


def test_a_round_with_nothing_graded_is_no_hire(rule) -> None:
    verdict = derive_verdict([], rule)
    assert verdict.outcome == "no_hire"
    assert verdict.reasons == ["No answer in this round was graded."]


def test_the_rule_must_end_with_an_outcome_for_every_round(tmp_path: Path) -> None:
    bad = tmp_path / "round_verdict.yaml"
    bad.write_text(
        "version: '1'\noutcomes:\n  - {id: hire, label: Hire, min_mean: 3}\n"
        "  - {id: no_hire, label: No hire, min_mean: 2}\n"
        "practice: {suggestions: 3, recent_days: 14}\n"
    )
    with pytest.raises(DataFileError) as raised:
        load_verdict_rule(bad)
    assert "round_verdict.yaml" in str(raised.value)
    assert "the last outcome must have no conditions" in str(raised.value)


def test_practice_next_names_unseen_questions_probing_the_weakest_dimension(bank) -> None:
    design = [q for q in bank.questions if q.kind is Kind.SYSTEM_DESIGN]
    topic = design[0].topic
    exclude = {q.id for q in design[:3]}
    picks = practice_next(
        bank.questions,
        dimension=D,
        dimension_title="Depth",
        topic=topic,
        topic_title="Topic",
        kinds={Kind.SYSTEM_DESIGN},
        exclude=exclude,
        limit=3,
    )
    assert len(picks) == 3 and not {p.question_id for p in picks} & exclude
    by_id = bank.by_id()
    for pick in picks:
        question = by_id[pick.question_id]
        assert any(f.dimension is D for f in question.follow_ups)
        assert pick.opening == opening(question.prompt)
        assert question.prompt.startswith(pick.opening.removesuffix(" …"))
        assert "probes depth" in pick.reason
    # Same topic first when the topic has such questions.
    in_topic = [
        q
        for q in bank.questions
        if q.topic == topic and q.id not in exclude and any(f.dimension is D for f in q.follow_ups)
    ]
    if in_topic:
        assert by_id[picks[0].question_id].topic == topic


def test_weakest_topic_is_the_lowest_scoring_answer_and_ungraded_counts_lowest() -> None:
    assert weakest_topic([("a", 3.0), ("b", 2.0), ("c", 2.5)]) == "b"
    assert weakest_topic([("a", 1.0), ("b", None)]) == "b"
    assert weakest_topic([]) is None
