"""The whiteboard: a system-design answer's diagram in Graphviz DOT, drawn live by Streamlit's
own bundled Graphviz renderer (nothing fetched from the network). What is drawn is the diagram
as the grader reads it; a diagram that does not parse names its line, and its text is kept."""

import streamlit as st

from sim.domain.diagram import WHITEBOARD, parse
from sim.domain.types import Kind
from sim.ui.text import escape_markdown

WHITEBOARD_LABEL = WHITEBOARD
PLACEHOLDER = 'digraph {\n  client -> api -> db\n  api -> cache [label="read-through"]\n}'
HELP = (
    "Components as nodes, data flows as edges: the grader counts and cites them, and points out "
    "components your answer never explains. Saved with your draft."
)


def has_whiteboard(kind: Kind) -> bool:
    return kind is Kind.SYSTEM_DESIGN


def render_diagram(text: str) -> None:
    """Draw the diagram, or say which line stops it; nothing at all for a blank text."""
    diagram = parse(text)
    if diagram.empty:
        return
    if not diagram.parsed:
        problem = diagram.problems[0]
        st.error(
            f"The diagram does not parse: {escape_markdown(str(problem))}. Your text is kept; "
            f"fix line {problem.line} to see it drawn.",
            icon="🧩",
        )
        return
    st.graphviz_chart(diagram.to_dot(), width="stretch")
    st.caption(f"{len(diagram.nodes)} components · {len(diagram.edges)} data flows")


def render_whiteboard(text: str) -> None:
    """A stored diagram (History): its drawing and its DOT source, as typed."""
    st.markdown(f"**{WHITEBOARD_LABEL}**")
    render_diagram(text)
    st.code(text, language=None, wrap_lines=True)
