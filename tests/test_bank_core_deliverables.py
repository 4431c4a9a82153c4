"""Seed 004's core deliverables on every system-design question: each one's key points or
follow-ups ask for security (a threat model), cost and a rollout plan, matched the way the
grader matches (normalised spelling, stems, lexicon)."""

import pytest

from sim import catalog
from sim.domain.matching import analyse, compile_term, find_term
from sim.domain.types import Kind

DELIVERABLES = {
    "security": "threat model|security|authentication|authorization|encrypt|least privilege|"
    "secrets|waf|managed identity|private endpoint|mtls|abuse|pii|iam|zero trust|tenant isolation",
    "cost": "cost|budget|spend|finops|savings plan|reserved instance|per month|pricing|"
    "unit economics|chargeback",
    "rollout": "rollout|roll out|roll back|rollback|canary|phased|feature flag|migration plan|"
    "cutover|launch plan|blue green|shadow traffic|dark launch|staged",
}


def _missing(deliverable: str) -> list[str]:
    lexicon = catalog.lexicon()
    term = compile_term(DELIVERABLES[deliverable], lexicon)
    missing = []
    for q in catalog.bank().of_kind(Kind.SYSTEM_DESIGN):
        texts = [kp.point for kp in q.key_points] + [f.question for f in q.follow_ups]
        texts += [a for kp in q.key_points for a in kp.aliases]
        if not any(find_term(analyse(t, lexicon), term) for t in texts):
            missing.append(q.id)
    return missing


@pytest.mark.parametrize("deliverable", sorted(DELIVERABLES))
def test_every_system_design_question_asks_for_it(deliverable: str) -> None:
    assert catalog.bank().of_kind(Kind.SYSTEM_DESIGN)
    assert _missing(deliverable) == []


def test_the_check_sees_a_question_without_them() -> None:
    """The terms are specific: a follow-up about caching alone matches none of them."""
    lexicon = catalog.lexicon()
    text = analyse(
        "A celebrity link gets two million hits in a minute; what do your caches do?", lexicon
    )
    assert all(find_term(text, compile_term(t, lexicon)) is None for t in DELIVERABLES.values())
