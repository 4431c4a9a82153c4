"""The interview room in the Mock interview page (AppTest): ask the interviewer (one question
from the notes, one not), move through the phases, hear the requirement change, and find it all
again after a restart."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim import catalog
from sim.domain.interviewer import NOTHING_IN_NOTES
from sim.domain.markdown import escape_markdown
from tests.test_app_interview import PAGE, ROOT, _start_single

QUESTION_ID = "sd-rate-limiter"


def _page() -> AppTest:
    at = AppTest.from_file(str(Path(ROOT) / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _ask(at: AppTest, text: str) -> None:
    box = next(t for t in at.text_input if t.label == "Ask the interviewer")
    box.input(text)
    next(b for b in at.button if b.label == "Ask").click().run()
    assert not at.exception


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_a_system_design_round_in_the_room() -> None:
    question = catalog.bank().get(QUESTION_ID)
    fact = question.interviewer.facts[0]
    at = _page()
    _start_single(at, QUESTION_ID)
    assert any(v.startswith("**Phase 1 of 4: Clarify requirements**") for v in _markdown(at))
    _ask(at, fact.example_question)
    assert any(
        v.startswith("**Interviewer:**") and escape_markdown(fact.answer)[:30] in v
        for v in _markdown(at)
    )
    _ask(at, "What colour is the logo?")
    assert any(escape_markdown(NOTHING_IN_NOTES)[:30] in v for v in _markdown(at))
    change = question.interviewer.requirement_change
    for _ in range(3):
        if any(i.value.startswith("Requirement change:") for i in at.info):
            break
        next(b for b in at.button if b.label.startswith("Move on to")).click().run()
        assert not at.exception
    assert any(escape_markdown(change.announcement)[:40] in i.value for i in at.info)
    assert any(v.startswith("**Phase 3 of 4: Deep dive**") for v in _markdown(at))

    restarted = _page()  # a new browser session on the same database
    values = _markdown(restarted)
    assert any(escape_markdown(fact.answer)[:30] in v for v in values)
    assert any(escape_markdown(change.announcement)[:40] in i.value for i in restarted.info)
