"""Grader v4: what sets level 4 apart is read from decisions, a labelled note line commits to a
choice, and a wrong claim must sit within one clause of a sentence."""

import pytest

from sim import catalog
from sim.graders.offline import OfflineGrader
from sim.service import judge, request_for
from tests.test_offline_grader import STRONG, _request

# The four level-4 traits, each stated as a decision with its reason.
STAFF_PLUS = (
    "\n\nI'd keep the limiter vendor neutral, so moving off Redis later is a config change "
    "rather than a migration. Before building anything I agreed the success criteria with the "
    "API owners: false rejections under 0.1% and p99 overhead under 5 ms. To bring the product "
    "teams along I wrote the RFC with their leads, because they own the tenant limits."
)
# The same words with nothing decided.
STAFF_PLUS_WORDS = (
    "\n\nReversibility, vendor neutral, success criteria and the RFC with product teams all "
    "matter. Risk and blast radius are important to keep in mind."
)


@pytest.fixture
def grader(rubric) -> OfflineGrader:
    return OfflineGrader(rubric)


def test_level_four_traits_count_as_decisions_not_as_words(grader) -> None:
    decided = grader.signals(_request(STRONG + STAFF_PLUS)).staff_plus
    assert {"reversibility", "measured_first", "organisation"} <= decided.keys()
    assert grader.signals(_request(STRONG + STAFF_PLUS_WORDS)).staff_plus.keys() <= {
        "reversibility"
    }


def test_level_four_traits_lift_a_staff_answer(grader, rubric) -> None:
    plain, _ = judge(_request(STRONG), grader, rubric)
    lifted, _ = judge(_request(STRONG + STAFF_PLUS), grader, rubric)
    worded, _ = judge(_request(STRONG + STAFF_PLUS_WORDS), grader, rubric)
    assert all((d.level or 0) <= 3 for d in plain.dimensions)
    assert any(d.level == 4 for d in lifted.dimensions)
    assert all((d.level or 0) <= 3 for d in worded.dimensions)


def test_a_labelled_note_line_with_its_reason_is_a_decision(grader) -> None:
    notes = (
        "- Counters: Redis cluster with token buckets keyed per tenant, because every gateway "
        "node must see the same limit.\n"
        "- Counters: Redis, buckets, tenant, gateway.\n"
    )
    decisions = grader.signals(_request(STRONG + "\n\n" + notes)).decisions
    texts = [s.text for s in decisions]
    assert any(t.startswith("- Counters: Redis cluster with token buckets") for t in texts)
    assert not any(t == "- Counters: Redis, buckets, tenant, gateway." for t in texts)


def test_a_design_decision_about_another_question_is_no_decision_here(grader) -> None:
    # Grounded in this question (a rate limiter): a committed choice about an API gateway's
    # topology, with its reason, decides nothing about limiting requests.
    notes = (
        "- Topology: Front Door + WAF -> APIM Premium in internal VNet mode, because "
        "multi-region is then a config change.\n"
    )
    decisions = grader.signals(_request(STRONG + "\n\n" + notes)).decisions
    assert not any(s.text.startswith("- Topology: Front Door") for s in decisions)


ORDERING = "aws-messaging-ordering-choice"


def _notes(grader, rubric, answer: str) -> list[str]:
    question = catalog.bank().get(ORDERING)
    verdict, _ = judge(request_for(question, answer), grader, rubric)
    return [n for n in verdict.notes if n.startswith("You said")]


def test_a_wrong_claim_must_sit_within_one_clause(grader, rubric) -> None:
    base = (
        "Three flows, three services. The six teams subscribe through EventBridge rules, each "
        "with its own SQS queue and DLQ, because fan-out to independent teams needs no shared "
        "consumer. The clickstream goes to Kinesis with on-demand capacity, keyed by session id, "
        "so both analytics consumers can replay it for seven days. "
    )
    split = base + (
        "EventBridge fans out order events to the six teams; the ledger needs updates applied in "
        "order, so it uses an SQS FIFO queue with the account id as the message group."
    )
    wrong = base + "EventBridge delivers events to targets in the order they were published."
    assert _notes(grader, rubric, split) == []
    assert any("EventBridge" in n for n in _notes(grader, rubric, wrong))


def test_a_negation_in_one_clause_does_not_excuse_the_next(grader, rubric) -> None:
    said = (
        "\n\nSchedules are kept in local wall-clock time, which means DST needs no special "
        "handling - each local time happens exactly once a day."
    )
    verdict, _ = judge(_request(STRONG + said), grader, rubric)
    assert any("each local time happens exactly once" in n for n in verdict.notes)
    denied = "\n\nDST needs care: not every local time happens exactly once a day."
    verdict, _ = judge(_request(STRONG + denied), grader, rubric)
    assert not any(n.startswith("You said") for n in verdict.notes)
