"""Every shipped system-design question carries interviewer notes: facts and a requirement change."""

import pytest

from sim import catalog
from sim.domain.types import Kind

SYSTEM_DESIGN_IDS = [q.id for q in catalog.bank().questions if q.kind is Kind.SYSTEM_DESIGN]


@pytest.mark.parametrize("question_id", SYSTEM_DESIGN_IDS)
def test_system_design_question_has_interviewer_notes(question_id: str) -> None:
    question = catalog.bank().get(question_id)
    notes = question.interviewer
    assert notes is not None, f"{question_id}: no interviewer notes"
    assert len(notes.facts) >= 5
    kinds = {fact.kind for fact in notes.facts}
    assert len(kinds) >= 3, f"{question_id}: facts should cover scale, constraints and non-goals"
    answers = [fact.answer for fact in notes.facts]
    assert len(set(answers)) == len(answers), f"{question_id}: two facts say the same thing"
