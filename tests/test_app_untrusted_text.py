"""Model output and user-supplied fields render as text in the app: an image link in a refusal
or in a user question's source would otherwise make the browser fetch an outside URL."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim import catalog, service, user_bank
from tests.app_drafts import answer_box

ROOT = Path(__file__).resolve().parent.parent
EVIL = "![pixel](http://evil.example/pixel.png)"
# A live Markdown link or image: `](` not escaped, to an outside address.
LIVE_LINK = re.compile(r"(?<!\\)\]\((?:https?:)?//")


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["sim_test"] = "dummy"
    return at


def _rendered_as_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit renders through its Markdown renderer on this page."""
    texts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader")
        for e in getattr(at, kind)
    ]
    texts += [e.label for e in at.expander] + [t.label for t in at.tabs]
    texts += [b.label for b in at.button] + [m.label for m in at.metric]
    return [str(t) for t in texts]


def _assert_no_live_links(at: AppTest) -> None:
    live = [t for t in _rendered_as_markdown(at) if LIVE_LINK.search(t)]
    assert not live, live


class _RefusingGrader:
    name = "llm"

    def assess(self, request):
        raise RuntimeError(f"The model refused: I can't grade that. {EVIL}")

    def follow_up(self, request, verdict):
        return None


def test_a_refusal_with_an_image_link_is_shown_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "grader_for", lambda *a, **k: _RefusingGrader())
    at = _app().run()
    question = catalog.bank().get("py-fastapi-vs-django")
    at.selectbox(key="question_choice").set_value(question).run()
    answer_box(at).input(f"My answer. {EVIL}").run()
    at.button(key="submit").click().run()
    assert not at.exception
    assert any("refused" in e.value for e in at.error)
    _assert_no_live_links(at)


@pytest.fixture
def hostile_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SIM_USER_BANK_DIR", str(tmp_path / "mine"))
    catalog.bank.cache_clear()
    question = user_bank.add_user_question(
        {
            "id": "my-hostile-question",
            "kind": "system_design",
            "tracks": ["system_design"],
            "topic": "url-shortener-hostile",
            "difficulty": "staff",
            "time_limit_min": 30,
            "prompt": f"Design a ledger {EVIL}",
            "source": {"seed": EVIL, "section": f"My notes {EVIL}"},
            "key_points": [
                {"point": f"Key point {i} {EVIL}", "aliases": [f"alias{i}"]} for i in range(5)
            ],
            "follow_ups": [
                {"dimension": "depth", "question": f"What fails first? {EVIL}"},
                {"dimension": "ownership", "question": f"Who is paged? {EVIL}"},
            ],
        },
        new_topic_title=f"Hostile {EVIL}",
    )
    yield question
    catalog.bank.cache_clear()


def test_a_user_questions_fields_render_as_text_on_practice(hostile_question) -> None:
    at = _app().run()
    at.selectbox(key="question_choice").set_value(hostile_question).run()
    assert not at.exception
    assert any("from" in c.value and "pixel" in c.value for c in at.caption)
    _assert_no_live_links(at)


def test_a_user_questions_fields_render_as_text_in_the_bank(hostile_question) -> None:
    at = _app().run()
    at.switch_page("sim/ui/app_pages/bank.py").run()
    at.selectbox(key="bank_open").set_value(hostile_question.id).run()
    assert not at.exception
    assert any("pixel" in c.value for c in at.caption)
    _assert_no_live_links(at)
