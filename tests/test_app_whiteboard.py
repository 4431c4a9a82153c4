"""The whiteboard on the Practice page (AppTest): a system-design answer gets a Graphviz DOT
box drawn live; a bad line is named and its text kept; the diagram is saved with the draft,
back after a refresh, graded with the answer and shown in History."""

from sim.domain.diagram import WHITEBOARD
from sim.domain.statuses import AttemptStatus
from sim.storage import repo
from sim.storage.db import make_engine
from tests.app_drafts import answer_box, app

DESIGN = "sd-url-shortener"
TEXT = "Requirements first: 100M new links a month, reads dominate writes 100 to 1."
DOT = 'digraph {\n  client -> api -> db\n  api -> cache [label="read-through"]\n}'
BAD = "digraph {\n  client -> api\n  api ->\n}"


def whiteboard(at):
    return next(t for t in at.text_area if t.label == WHITEBOARD)


def charts(at) -> list:
    return at.get("graphviz_chart")


def _open(at, question_id: str = DESIGN):
    from sim import catalog

    at.run()
    at.selectbox(key="question_choice").set_value(catalog.bank().get(question_id)).run()
    assert not at.exception
    return at


def test_typed_dot_is_drawn_and_saved_with_the_draft_and_back_after_a_refresh() -> None:
    at = _open(app())
    assert not charts(at)  # nothing drawn before anything is typed
    whiteboard(at).input(DOT).run()
    assert not at.exception
    [chart] = charts(at)
    drawn = chart.proto.spec
    assert '"client" -> "api"' in drawn and '"api" -> "cache" [label="read-through"]' in drawn
    assert any("4 components · 3 data flows" in c.value for c in at.caption)
    engine = make_engine()
    [draft] = [a for a in repo.list_attempts(engine) if a.status == AttemptStatus.DRAFT]
    assert draft.diagram == DOT and draft.answer == ""  # a diagram alone opens the draft

    refreshed = _open(app())
    assert whiteboard(refreshed).value == DOT
    assert len(charts(refreshed)) == 1


def test_a_bad_line_is_named_and_the_text_kept() -> None:
    at = _open(app())
    answer_box(at).input(TEXT).run()
    whiteboard(at).input(BAD).run()
    assert not at.exception
    assert not charts(at)
    [error] = [e.value for e in at.error if "does not parse" in e.value]
    assert "line 4, column 1" in error and "fix line 4" in error
    assert whiteboard(at).value == BAD and answer_box(at).value == TEXT
    [draft] = repo.list_attempts(make_engine())
    assert draft.diagram == BAD and draft.answer == TEXT  # nothing typed is lost
    refreshed = _open(app())
    assert whiteboard(refreshed).value == BAD


def test_the_diagram_is_graded_with_the_answer_and_shown_in_history() -> None:
    at = _open(app())
    answer_box(at).input(TEXT).run()
    whiteboard(at).input(DOT).run()
    at.button(key="submit").click().run()
    assert not at.exception
    [attempt] = repo.list_attempts(make_engine())
    assert attempt.status == AttemptStatus.GRADED and attempt.diagram == DOT
    notes = attempt.latest_grade.verdict.notes
    assert any(n.startswith("The diagram shows") for n in notes), notes
    assert whiteboard(at).value == "" and not charts(at)  # a fresh round for another try

    history = app()
    history.switch_page("sim/ui/app_pages/history.py").run()
    assert not history.exception
    assert any(m.value == f"**{WHITEBOARD}**" for m in history.markdown)
    assert DOT in [c.value for c in history.code]
    assert len(charts(history)) == 1


def test_only_system_design_questions_have_a_whiteboard() -> None:
    at = _open(app(), "py-fastapi-vs-django")
    assert not [t for t in at.text_area if t.label == WHITEBOARD]
