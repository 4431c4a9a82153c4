"""Stories as Markdown: a stable, readable format that reads back exactly what it wrote.

    # STAR story bank
    ## <title>
    - Dates: <dates>
    - Role: <role>
    - Competencies: <id>, <id>
    ### Situation
    <text>
    ### Task / ### Action / ### Result / ### Metrics / ### Lesson

A text line that starts with '#' or '\\' is written with a leading backslash, so nothing a user
types can open a heading; the reader removes it again."""

from pydantic import ValidationError

from sim.domain.stories import StoryError, StoryFields

FORMAT_VERSION = 1
HEADER = (
    "# STAR story bank\n\n"
    f"<!-- sim stories export, format {FORMAT_VERSION}. Edit freely; "
    "`sim stories import FILE` reads it back and skips stories already in the bank. -->\n"
)
# Section headings in export order, and the field each holds.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Situation", "situation"),
    ("Task", "task"),
    ("Action", "action"),
    ("Result", "result"),
    ("Metrics", "metrics"),
    ("Lesson", "lesson"),
)
META: tuple[tuple[str, str], ...] = (("Dates", "dates"), ("Role", "role"), ("Competencies", "tags"))
_SECTION_FIELD = dict(SECTIONS)


def _escape(line: str) -> str:
    return "\\" + line if line.startswith(("#", "\\")) else line


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def _meta_line(label: str, value: str) -> str:
    return f"- {label}: {value}" if value else f"- {label}:"


def story_to_markdown(story: StoryFields) -> str:
    lines = [f"## {story.title}", ""]
    for label, name in META:
        value = ", ".join(story.tags) if name == "tags" else getattr(story, name)
        lines.append(_meta_line(label, value))
    for label, name in SECTIONS:
        lines += ["", f"### {label}", ""]
        text = getattr(story, name)
        if text:
            lines += [_escape(line) for line in text.split("\n")]
    return "\n".join(lines) + "\n"


def export_markdown(stories: list[StoryFields]) -> str:
    """The whole bank, in the order given (oldest first keeps re-exports identical)."""
    return "\n".join([HEADER, *(story_to_markdown(s) for s in stories)])


class _Draft:
    def __init__(self, title: str, line_no: int) -> None:
        self.line_no = line_no
        self.values: dict[str, object] = {"title": title}
        self.section: str | None = None
        self.lines: list[str] = []

    def close_section(self) -> None:
        if self.section is not None:
            text = "\n".join(self.lines).strip("\n")
            self.values[self.section] = text
        self.section, self.lines = None, []

    def build(self) -> StoryFields:
        self.close_section()
        try:
            return StoryFields.model_validate(self.values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise StoryError(f"story at line {self.line_no}: {problems}") from None


def _meta(draft: _Draft, line: str, line_no: int) -> None:
    for label, name in META:
        prefix = f"- {label}:"
        if line.startswith(prefix):
            value = line[len(prefix) :].strip()
            if name in draft.values:
                raise StoryError(f"line {line_no}: '{label}' given twice")
            draft.values[name] = (
                [t for t in value.split(",") if t.strip()] if name == "tags" else value
            )
            return
    raise StoryError(
        f"line {line_no}: expected '- Dates:', '- Role:', '- Competencies:' or a '### Situation' "
        f"style section, got {line[:60]!r}"
    )


def parse_markdown(text: str) -> list[StoryFields]:
    """Every story in an export, in file order. Raises StoryError naming the line at fault."""
    stories: list[StoryFields] = []
    draft: _Draft | None = None
    for line_no, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if raw.startswith("## "):
            if draft is not None:
                stories.append(draft.build())
            draft = _Draft(raw[3:], line_no)
        elif raw.startswith("### "):
            if draft is None:
                raise StoryError(f"line {line_no}: a section before the first '## ' story title")
            label = raw[4:].strip()
            if label not in _SECTION_FIELD:
                names = ", ".join(_SECTION_FIELD)
                raise StoryError(f"line {line_no}: unknown section {label!r} (expected {names})")
            if _SECTION_FIELD[label] in draft.values or _SECTION_FIELD[label] == draft.section:
                raise StoryError(f"line {line_no}: section {label!r} given twice")
            draft.close_section()
            draft.section = _SECTION_FIELD[label]
        elif draft is None:
            continue  # the file header, comments, blank lines
        elif draft.section is not None:
            draft.lines.append(_unescape(raw))
        elif raw.strip():
            _meta(draft, raw, line_no)
    if draft is not None:
        stories.append(draft.build())
    return stories
