"""The whiteboard's DOT parser: the nodes and edges people type, and the first error's line."""

import pytest

from sim.domain.diagram import Edge, Node, parse

SHORTENER = """\
digraph shortener {
  // the write path, left to right
  rankdir=LR
  client [label="Client"]
  api [label="API\\nGateway", shape=box];
  subgraph cluster_store {
    label="Storage"
    db [label=<<b>Postgres</b>>]
    cache
  }
  /* a block
     comment */
  client -> api -> {db cache} [label="POST /urls"]
  "batch job" -> db:shard:n
}
"""


def test_nodes_labels_edge_chains_groups_clusters_and_quoted_ids() -> None:
    d = parse(SHORTENER)
    assert d.parsed and d.directed
    assert d.nodes == (
        Node("client", "Client"),
        Node("api", "API Gateway"),
        Node("db", "Postgres"),
        Node("cache", "cache"),
        Node("batch job", "batch job"),
    )
    assert d.edges == (
        Edge("client", "api", "POST /urls"),
        Edge("api", "db", "POST /urls"),
        Edge("api", "cache", "POST /urls"),
        Edge("batch job", "db", ""),
    )


def test_an_undirected_graph_and_its_quotes_either_way_round() -> None:
    d = parse("strict graph { web -- db }")
    assert d.parsed and not d.directed and d.edges == (Edge("web", "db"),)
    assert d.cites("edge: db -> web") and d.cites("edge: web -> db")


def test_quotes_name_a_node_or_an_edge_by_id_or_label() -> None:
    d = parse(SHORTENER)
    assert d.cites("node: API Gateway") and d.cites("node: api")
    assert d.cites("edge: Client -> API Gateway") and d.cites("edge: client  ->  api")
    assert not d.cites("edge: api -> client")  # directed: not the other way round
    assert not d.cites("node: Kafka")
    assert d.edge_quote(d.edges[0]) == "edge: Client -> API Gateway"
    assert d.node_quote(d.nodes[2]) == "node: Postgres"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("digraph {\n  a -> b\n  c ->\n}\n", 4, 1, "expected a node name after '->'"),
        ("graph {\n a -> b\n}", 2, 4, "a graph joins nodes with '--'"),
        ('digraph {\n a [label="open\n}', 2, 11, "a quoted name is never closed"),
        ("flowchart LR\n a --> b", 1, 1, "expected 'digraph' or 'graph'"),
        ("digraph {\n a -> b\n", 3, 1, "expected '}' to close the graph, found the end"),
        ("digraph {\n a [label]\n}", 2, 10, "expected '=' after the attribute 'label'"),
        ("digraph {\n /* never closed\n}", 2, 2, "a '/*' comment is never closed"),
        ("digraph {\n a -> b\n}\n}", 4, 1, "expected nothing after the graph's closing '}'"),
        ("digraph {\n a -> b @ c\n}", 2, 9, "unexpected character '@'"),
    ],
)
def test_the_first_syntax_error_has_its_line_and_column(text, line, column, words) -> None:
    d = parse(text)
    assert len(d.problems) == 1
    problem = d.problems[0]
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message
    assert str(problem).startswith(f"line {line}, column {column}: ")


def test_what_was_read_before_the_error_is_kept() -> None:
    d = parse("digraph {\n a -> b\n c -> \n}")
    assert d.edges == (Edge("a", "b"),) and not d.parsed


def test_blank_text_is_an_empty_diagram_without_problems() -> None:
    assert parse("  \n").empty and parse("").parsed
    assert parse("digraph {}").parsed and not parse("digraph {}").nodes


def test_comments_and_preprocessor_lines_are_skipped() -> None:
    d = parse('# include "x"\ndigraph { a -> b // trailing\n}')
    assert d.parsed and d.edges == (Edge("a", "b"),)


def test_the_json_form() -> None:
    data = parse("digraph { a [label=A]; a -> b [label=reads] }").to_json_dict()
    assert data == {
        "directed": True,
        "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "b"}],
        "edges": [{"src": "a", "dst": "b", "label": "reads"}],
        "problems": [],
    }


def test_drawn_back_as_plain_dot_it_reads_the_same_and_carries_no_attributes() -> None:
    typed = 'digraph { a [label="say \\"hi\\" \\\\ there", URL="javascript:alert(1)"]; a -> b [label=x, href="y"] }'
    d = parse(typed)
    drawn = d.to_dot()
    assert "URL" not in drawn and "href" not in drawn and "javascript" not in drawn
    again = parse(drawn)
    assert again.parsed and again.nodes == d.nodes and again.edges == d.edges
    assert parse("graph { a -- b }").to_dot().startswith("graph {")
