"""User and model text shown through st.markdown stays text: nothing in it makes a heading,
an entity or markup."""

from markdown_it import MarkdownIt

from sim.domain.markdown import escape_markdown


def _html(text: str) -> str:
    return MarkdownIt("commonmark").render(escape_markdown(text))


def test_an_underline_does_not_make_a_heading() -> None:
    for text in ("Hi\n===", "Hi\n---", "# Hi"):
        assert "<h" not in _html(text), text


def test_an_entity_is_shown_as_typed() -> None:
    html = _html("&lt;b&gt; and &amp;")
    assert "&amp;lt;b&amp;gt;" in html and "<b>" not in html
