"""Practice keeps its draft like the Mock interview does: a refresh, a closed tab or a restart
brings back the question, the text and the remaining time; a submit of that draft from two
tabs makes one attempt and one grade; both pages answer through one component."""

import ast
from pathlib import Path

from sqlalchemy import func, select

from sim.domain.statuses import AttemptStatus
from sim.storage import repo
from sim.storage.db import make_engine
from sim.storage.models import Attempt, Grade
from tests.app_drafts import age_attempt, answer_box, app, remaining_shown

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "sd-url-shortener"  # not the page's default question
TEXT = "Requirements first: 100M new links a month, reads dominate writes 100 to 1."


def _practise(at, question_id: str = QUESTION):
    from sim import catalog

    at.run()
    at.selectbox(key="question_choice").set_value(catalog.bank().get(question_id)).run()
    answer_box(at).input(TEXT).run()
    assert not at.exception
    return at


def _drafts(engine) -> list:
    return [a for a in repo.list_attempts(engine) if a.status == AttemptStatus.DRAFT]


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_refresh_brings_back_the_question_the_text_and_the_remaining_time() -> None:
    _practise(app())
    engine = make_engine()
    [draft] = _drafts(engine)
    assert draft.question_id == QUESTION and draft.answer == TEXT
    age_attempt(engine, draft.id, 5 * 60)  # five minutes of answering before the refresh

    refreshed = app().run()  # a new browser session on the same database (or a restart)
    assert not refreshed.exception
    assert refreshed.selectbox(key="question_choice").value.id == QUESTION
    assert answer_box(refreshed).value == TEXT
    left = remaining_shown(refreshed)
    assert 40 * 60 - 10 <= left <= 40 * 60, left  # 45 min limit, 5 used: not a fresh clock


def test_a_practice_draft_submitted_from_two_tabs_makes_one_attempt_and_one_grade() -> None:
    first = _practise(app())
    second = app().run()  # the same draft open in another tab
    assert answer_box(second).value == TEXT
    first.button(key="submit").click().run()
    second.button(key="submit").click().run()
    assert not first.exception and not second.exception
    engine = make_engine()
    assert _count(engine, Attempt) == 1
    assert _count(engine, Grade) == 1
    [attempt] = repo.list_attempts(engine)
    assert attempt.submission_key and attempt.answer == TEXT
    assert attempt.status == AttemptStatus.GRADED
    # Both tabs show the one grade.
    for tab in (first, second):
        assert {m.label for m in tab.metric} == {"Clarity", "Depth", "Pragmatism", "Ownership"}


def _calls(path: Path) -> set[str]:
    """Names called in a module (`f(...)` and `x.f(...)`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func_ = node.func
            names.add(func_.attr if isinstance(func_, ast.Attribute) else getattr(func_, "id", ""))
    return names


def test_both_pages_answer_through_one_component() -> None:
    pages = ROOT / "sim" / "ui" / "app_pages"
    for page in ("practice.py", "interview.py"):
        calls = _calls(pages / page)
        assert "answer_box" in calls, page
        assert "text_area" not in calls or page == "interview.py", page  # interview: replies
        assert "typed_draft" not in calls and "fragment" not in calls, page
    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "sim" / "ui").rglob("*.py")
        if "typed_draft" in _calls(p)
    ]
    assert users == ["sim/ui/answer_box.py"]
