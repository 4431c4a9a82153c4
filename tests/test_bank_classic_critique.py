"""Classic designs and design critiques: enough of each for a round, each a full system-design
round (interviewer notes, a requirement change, misconceptions, a probe ladder), critiques that
say what should stay, and key points a generic box-and-arrows answer does not earn."""

import pytest

from sim import catalog
from sim.bank_stats import bank_stats
from sim.domain.questions import Question
from sim.domain.types import Kind
from sim.judging import default_grader, request_for

# The minimums issue 13 sets for these kinds of question.
MINIMUM_BY_TAG = {"classic-design": 12, "design-critique": 6}
# A design review is a shorter round than a design from scratch.
MINUTES_BY_TAG = {"classic-design": (35, 45), "design-critique": (30, 40)}
# Says the usual words - requirements, cache, queue, replicas, security, canary - and commits to
# nothing specific to any one prompt.
GENERIC_DESIGN = (
    "I would start by clarifying requirements and scale. Then I would draw a high-level design "
    "with a load balancer, stateless services, a database and a cache. I would make it highly "
    "available across zones with replicas, add monitoring and alerting, and think about security, "
    "encryption and cost. I would use a queue for asynchronous work and retries with idempotency. "
    "Finally I would roll it out gradually with a feature flag and a canary, and make sure the "
    "team owns it."
)


def _tagged() -> list[Question]:
    return [q for q in catalog.bank().questions if set(q.tags) & set(MINIMUM_BY_TAG)]


def test_each_tag_has_enough_questions_for_a_round() -> None:
    by_tag = bank_stats()["by_tag"]
    for tag, minimum in MINIMUM_BY_TAG.items():
        assert by_tag.get(tag, 0) >= minimum, tag


@pytest.mark.parametrize("question", _tagged(), ids=lambda q: q.id)
def test_each_is_a_full_system_design_round(question: Question) -> None:
    assert question.kind is Kind.SYSTEM_DESIGN
    (tag,) = set(question.tags) & set(MINUTES_BY_TAG)
    low, high = MINUTES_BY_TAG[tag]
    assert low <= question.time_limit_min <= high
    notes = question.interviewer
    assert notes is not None and len(notes.facts) >= 6
    assert len(notes.requirement_change.adapts_by) >= 2
    assert len(question.misconceptions) >= 2
    assert len(question.probe_ladder) >= 3
    assert len({f.dimension for f in question.probe_ladder}) >= 3


@pytest.mark.parametrize(
    "question", [q for q in _tagged() if "design-critique" in q.tags], ids=lambda q: q.id
)
def test_a_critique_says_what_should_stay(question: Question) -> None:
    assert any(kp.point.startswith("Keeps what is right") for kp in question.key_points)


def test_a_generic_answer_earns_almost_nothing() -> None:
    grader = default_grader()
    earned = {}
    for question in _tagged():
        verdict = grader.assess(request_for(question, GENERIC_DESIGN))
        share = len(verdict.key_points_covered) / len(question.key_points)
        if share >= 0.2:
            earned[question.id] = verdict.key_points_covered
    assert not earned, earned
