"""A generic story earns almost nothing: behavioral key points reward what a particular story
says, not the words every story uses. The stories here are not the ones `sim bank lint` checks
aliases against (question_bank/lint.yaml), so they measure the bank, not the lint's own input."""

import pytest

from sim import catalog, judging
from sim.domain.types import Kind
from sim.graders.offline import OfflineGrader

# Seven sentences each: a plain story, and one built from the storytelling words rubrics reward.
PLAIN = (
    "Last year my team had a project that was behind schedule and the stakeholders were worried. "
    "I set up a meeting with everyone involved to understand the problem and agree on priorities. "
    "We talked through the options and I made a decision to focus on the most important work first. "
    "I communicated the plan clearly to my manager and the other teams and kept them updated every week. "
    "There was some disagreement, but I listened to their concerns and we found a compromise. "
    "In the end we delivered the project on time and the result was a 30% improvement. "
    "I learned that communication and alignment matter, and next time I would involve people earlier."
)
BUZZWORDS = (
    "In my last role I led a critical project with several teams and stakeholders, and the stakes "
    "were high because of time pressure. "
    "I raised the risk early, gave leadership a heads-up with the impact and the bottom line, and "
    "took ownership of the problem. "
    "I gathered data, talked to the people involved, and presented options with a clear "
    "recommendation and the trade-off of each. "
    "There was disagreement, so I listened, found common ground, and we made the call together and "
    "committed to it. "
    "I set up weekly checkpoints, a revised plan with milestones, and kept everyone informed so "
    "there were no surprises. "
    "As a result we delivered on time, reduced incidents by 40% and saved about $200k a year, and "
    "the team adopted the process. "
    "Looking back, the lesson I learned is to involve people earlier and, in hindsight, I would "
    "document decisions next time."
)
MAX_SHARE = 0.2  # of one question's key points


def _shares(story: str) -> dict[str, float]:
    grader = OfflineGrader(catalog.rubric())
    out = {}
    for question in catalog.bank().of_kind(Kind.BEHAVIORAL):
        hits = grader.signals(judging.request_for(question, story)).key_points
        out[question.id] = sum(h.covered for h in hits) / len(hits)
    return out


@pytest.mark.parametrize("story", [PLAIN, BUZZWORDS], ids=["plain", "buzzwords"])
def test_a_generic_story_earns_under_a_fifth_of_any_behavioral_question(story: str) -> None:
    shares = _shares(story)
    assert len(shares) >= 15
    over = {qid: round(share, 2) for qid, share in shares.items() if share >= MAX_SHARE}
    assert over == {}
    print(f"mean share {sum(shares.values()) / len(shares):.3f}, max {max(shares.values()):.2f}")


def test_a_specific_story_still_earns_its_points() -> None:
    """The same grader credits a story that says what the question asks (so the bound above is
    not met by points nothing can cover)."""
    question = catalog.bank().get("bh-bad-news-to-executives")
    story = (
        "Six weeks before launch I told the VP the payments migration would slip by a month, as "
        "soon as our load tests showed the ledger could not meet the promised throughput. "
        "I led with the bottom line: the date moves by four weeks and the cost is one lost "
        "partner promotion. "
        "The missing capacity test was my part of the cause, and I said so as my responsibility. "
        "I offered to cut scope to card payments only or to move the date, with the consequences "
        "of each, and recommended the date move. "
        "We re-baselined the plan with executive checkpoints every Friday and hit the new date. "
        "Since then I track schedule risk with leading indicators from the load tests."
    )
    hits = OfflineGrader(catalog.rubric()).signals(judging.request_for(question, story)).key_points
    assert sum(h.covered for h in hits) / len(hits) >= 0.5
