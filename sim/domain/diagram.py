"""The whiteboard: a Graphviz DOT diagram beside a system-design answer, read into its nodes
(components) and edges (data flows) so the grader can count and cite them.

A small parser of the DOT people type on a whiteboard: `digraph`/`graph` (optionally `strict`
and named), node statements with attributes, edge chains `a -> b -> c [label=...]`, a `{a b}`
group as an edge end, `subgraph` clusters, `graph`/`node`/`edge` defaults, `key=value` lines,
quoted and HTML ids, `//`, `/* */` and `#` comments. The first syntax error is reported with its
line and column; what was read before it is kept, the text itself is never changed.

(pydot reads DOT too, but prints its parse errors and returns None: it gives the caller no line
to show, so a pure parser it is.)"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

WHITEBOARD = "Whiteboard (Graphviz DOT)"  # what the diagram is called wherever it is shown
NODE_QUOTE = "node: "
EDGE_QUOTE = "edge: "


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # the `label` attribute, else the id


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    label: str = ""


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class Diagram:
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    problems: tuple[Problem, ...] = ()
    directed: bool = True

    @property
    def parsed(self) -> bool:
        return not self.problems

    @property
    def empty(self) -> bool:
        return not self.nodes and not self.edges and not self.problems

    def label_of(self, node_id: str) -> str:
        return next((n.label for n in self.nodes if n.id == node_id), node_id)

    def node_quote(self, node: Node) -> str:
        """How a grader cites a component: `node: <label>`."""
        return NODE_QUOTE + node.label

    def edge_quote(self, edge: Edge) -> str:
        """How a grader cites a data flow: `edge: <src label> -> <dst label>`."""
        return f"{EDGE_QUOTE}{self.label_of(edge.src)} -> {self.label_of(edge.dst)}"

    def cites(self, quote: str) -> bool:
        """A `node: X` or `edge: A -> B` quote names a node or an edge of this diagram (by id or
        label, up to whitespace; an undirected edge either way round)."""
        text = " ".join(quote.split())
        if text.startswith(NODE_QUOTE.strip()):
            name = text[len(NODE_QUOTE.strip()) :].strip()
            return bool(name) and any(name in (n.id, _flat(n.label)) for n in self.nodes)
        if text.startswith(EDGE_QUOTE.strip()):
            ends = text[len(EDGE_QUOTE.strip()) :].split(" -> " if " -> " in text else " -- ")
            if len(ends) != 2:
                return False
            src, dst = (e.strip() for e in ends)
            for edge in self.edges:
                pairs = [(edge.src, edge.dst)] + ([] if self.directed else [(edge.dst, edge.src)])
                for a, b in pairs:
                    if src in (a, _flat(self.label_of(a))) and dst in (b, _flat(self.label_of(b))):
                        return True
        return False

    def to_dot(self) -> str:
        """The diagram as read, written back as plain DOT for drawing: the picture shows exactly
        what the grader reads, and no attribute typed into the text (a URL, a link, a style)
        reaches the page."""
        arrow = "->" if self.directed else "--"
        lines = ["digraph {" if self.directed else "graph {", "  node [shape=box]"]
        lines += [f"  {_dot_id(n.id)} [label={_dot_id(n.label)}]" for n in self.nodes]
        for e in self.edges:
            label = f" [label={_dot_id(e.label)}]" if e.label else ""
            lines.append(f"  {_dot_id(e.src)} {arrow} {_dot_id(e.dst)}{label}")
        return "\n".join([*lines, "}"])

    def to_json_dict(self) -> dict:
        return {
            "directed": self.directed,
            "nodes": [{"id": n.id, "label": n.label} for n in self.nodes],
            "edges": [{"src": e.src, "dst": e.dst, "label": e.label} for e in self.edges],
            "problems": [
                {"line": p.line, "column": p.column, "message": p.message} for p in self.problems
            ],
        }


def _dot_id(text: str) -> str:
    """A DOT double-quoted id that reads back as `text` (DOT escapes only the quote; a final
    backslash is doubled so it cannot escape the closing quote)."""
    body = text.replace('"', '\\"')
    return '"' + (body + "\\" if body.endswith("\\") else body) + '"'


def is_diagram_quote(quote: str) -> bool:
    text = quote.lstrip()
    return text.startswith(NODE_QUOTE.strip()) or text.startswith(EDGE_QUOTE.strip())


def _label(value: str) -> str:
    """A label as read: DOT's line-break escapes (\\n, \\l, \\r) are spaces."""
    return " ".join(re.sub(r"\\[nlr]", " ", value).split())


def _flat(label: str) -> str:
    return " ".join(label.split())


# --- tokens -------------------------------------------------------------------------------------

_KEYWORDS = {"strict", "graph", "digraph", "node", "edge", "subgraph"}
_PUNCT = {"{", "}", "[", "]", "=", ";", ",", ":"}


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    """Compiled on the first diagram read (a few ms): an answer without one never needs it."""
    return re.compile(
        r"""(?P<space>[ \t\r\n]+)
          | (?P<line_comment>//[^\n]*)
          | (?P<block_comment>/\*.*?(\*/|\Z))
          | (?P<edge_op>->|--)
          | (?P<string>"(?:[^"\\]|\\.)*(?P<closed>"|\Z))
          | (?P<html><)
          | (?P<number>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
          | (?P<name>[A-Za-z_\u0080-\U0010ffff][A-Za-z_0-9\u0080-\U0010ffff]*)
          | (?P<punct>[{}\[\]=;,:])
        """,
        re.VERBOSE | re.DOTALL,
    )


_HTML_TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class _Token:
    kind: str  # id, edge_op, punct, keyword, end
    value: str
    line: int
    column: int


class _SyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _html_end(text: str, start: int) -> int:
    """The offset just past the `>` that closes the HTML id opened at `start`, or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "<":
            depth += 1
        elif text[index] == ">":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _tokens(text: str) -> Iterator[_Token]:
    """Read lazily, so a bad character is reported only if the grammar has not failed earlier."""
    offset = 0
    while offset < len(text):
        line, column = _position(text, offset)
        if column == 1 and text.startswith("#", offset):  # a C preprocessor line
            end = text.find("\n", offset)
            offset = len(text) if end < 0 else end
            continue
        match = _token_pattern().match(text, offset)
        if match is None:
            raise _SyntaxError(Problem(line, column, f"unexpected character {text[offset]!r}"))
        kind, value = match.lastgroup, match.group()
        if kind == "html":
            end = _html_end(text, offset)
            if end < 0:
                raise _SyntaxError(Problem(line, column, "an HTML label '<' is never closed"))
            inner = _HTML_TAG.sub(" ", text[offset + 1 : end - 1])  # the words, not the markup
            yield _Token("id", " ".join(inner.split()), line, column)
            offset = end
            continue
        if kind == "block_comment" and not value.endswith("*/"):
            raise _SyntaxError(Problem(line, column, "a '/*' comment is never closed"))
        if kind == "string":
            if not match.group("closed"):
                raise _SyntaxError(Problem(line, column, "a quoted name is never closed"))
            yield _Token("id", value[1:-1].replace('\\"', '"'), line, column)
        elif kind in ("number", "name"):
            lowered = value.lower()
            yield (
                _Token("keyword", lowered, line, column)
                if lowered in _KEYWORDS
                else _Token("id", value, line, column)
            )
        elif kind in ("edge_op", "punct"):
            yield _Token(kind, value, line, column)
        offset = match.end()
    line, column = _position(text, len(text))
    yield _Token("end", "", line, column)


# --- grammar ------------------------------------------------------------------------------------


@dataclass
class _Graph:
    directed: bool = True
    order: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def touch(self, node_id: str, label: str | None = None) -> None:
        if node_id not in self.labels:
            self.order.append(node_id)
            self.labels[node_id] = node_id
        if label is not None:
            self.labels[node_id] = label


class _Parser:
    def __init__(self, tokens: Iterator[_Token]) -> None:
        self._source = tokens
        self._read: list[_Token] = []
        self.at = 0
        self.graph = _Graph()

    def ahead(self, n: int = 0) -> _Token:
        while len(self._read) <= self.at + n:
            self._read.append(next(self._source, None) or self._read[-1])  # "end" repeats
        return self._read[self.at + n]

    @property
    def token(self) -> _Token:
        return self.ahead()

    def fail(self, message: str, token: _Token | None = None) -> None:
        token = token or self.token
        found = "the end of the text" if token.kind == "end" else repr(token.value)
        raise _SyntaxError(Problem(token.line, token.column, f"{message}, found {found}"))

    def take(self, kind: str, value: str | None = None) -> _Token | None:
        token = self.token
        if token.kind == kind and (value is None or token.value == value):
            self.at += 1
            return token
        return None

    def expect(self, kind: str, value: str, what: str) -> _Token:
        token = self.take(kind, value)
        if token is None:
            self.fail(f"expected {what}")
        return token

    def parse(self) -> None:
        self.take("keyword", "strict")
        if self.take("keyword", "digraph"):
            self.graph.directed = True
        elif self.take("keyword", "graph"):
            self.graph.directed = False
        else:
            self.fail("expected 'digraph' or 'graph' to start the diagram")
        self.take("id")
        self.expect("punct", "{", "'{' after the graph's name")
        self.statements()
        self.expect("punct", "}", "'}' to close the graph")
        if self.token.kind != "end":
            self.fail("expected nothing after the graph's closing '}'")

    def statements(self) -> list[str]:
        """Statements up to the closing '}' (not taken); the node ids they mention."""
        mentioned: list[str] = []
        while not (self.token.kind == "punct" and self.token.value == "}"):
            if self.token.kind == "end":
                self.fail("expected '}' to close the graph")
            mentioned.extend(self.statement())
            self.take("punct", ";") or self.take("punct", ",")
        return mentioned

    def statement(self) -> list[str]:
        token = self.token
        if token.kind == "keyword" and token.value in ("graph", "node", "edge"):
            self.at += 1
            self.expect("punct", "[", f"'[' after '{token.value}'")
            self.attributes_body()
            return []
        if token.kind == "id" and self.ahead(1).value == "=":
            self.at += 2
            if not self.take("id"):
                self.fail(f"expected a value after '{token.value} ='")
            return []
        ends = self.edge_end()
        mentioned = list(ends)
        chain = [ends]
        while op := self.take("edge_op"):
            wanted = "->" if self.graph.directed else "--"
            if op.value != wanted:
                kind = "digraph" if self.graph.directed else "graph"
                self.fail(f"a {kind} joins nodes with '{wanted}'", op)
            ends = self.edge_end(f"expected a node name after '{op.value}'")
            mentioned.extend(ends)
            chain.append(ends)
        attrs = self.attributes()
        if len(chain) == 1:
            if token.kind == "id" and "label" in attrs:  # a node statement's own label
                self.graph.touch(chain[0][0], _label(attrs["label"]))
            return mentioned
        label = _label(attrs.get("label", ""))
        for sources, targets in zip(chain, chain[1:], strict=False):
            for src in sources:
                for dst in targets:
                    self.graph.edges.append(Edge(src, dst, label))
        return mentioned

    def edge_end(
        self, missing: str = "expected a node name, a subgraph or a statement"
    ) -> list[str]:
        """A node id (with an optional :port) or a `{...}`/subgraph group: the node ids."""
        token = self.token
        if (token.kind, token.value) in (("keyword", "subgraph"), ("punct", "{")):
            return self.subgraph()
        node = self.take("id")
        if node is None:
            self.fail(missing)
        if self.take("punct", ":"):  # a port: record:field or compass point
            if not self.take("id"):
                self.fail("expected a port name after ':'")
            if self.take("punct", ":") and not self.take("id"):
                self.fail("expected a compass point after ':'")
        self.graph.touch(node.value)
        return [node.value]

    def subgraph(self) -> list[str]:
        if self.take("keyword", "subgraph"):
            self.take("id")
        self.expect("punct", "{", "'{' to open the subgraph")
        mentioned = self.statements()
        self.expect("punct", "}", "'}' to close the subgraph")
        return list(dict.fromkeys(mentioned))

    def attributes(self) -> dict[str, str]:
        attrs: dict[str, str] = {}
        while self.take("punct", "["):
            attrs.update(self.attributes_body())
        return attrs

    def attributes_body(self) -> dict[str, str]:
        """`key=value` pairs up to and including the closing ']'."""
        attrs: dict[str, str] = {}
        while not self.take("punct", "]"):
            key = self.take("id") or self.take("keyword")
            if key is None:
                self.fail("expected an attribute name or ']'")
            self.expect("punct", "=", f"'=' after the attribute '{key.value}'")
            value = self.take("id") or self.take("keyword")
            if value is None:
                self.fail(f"expected a value for the attribute '{key.value}'")
            attrs[key.value.lower()] = value.value
            self.take("punct", ",") or self.take("punct", ";")
        return attrs


def parse(text: str) -> Diagram:
    """The diagram's nodes and edges; a blank text is an empty diagram with no problems."""
    if not text.strip():
        return Diagram()
    parser: _Parser | None = None
    problems: tuple[Problem, ...] = ()
    try:
        parser = _Parser(_tokens(text))
        parser.parse()
    except _SyntaxError as exc:
        problems = (exc.problem,)
    graph = parser.graph if parser else _Graph()
    nodes = tuple(Node(i, graph.labels[i]) for i in graph.order)
    return Diagram(nodes, tuple(graph.edges), problems, graph.directed)
