"""Markdown block parsing, cleaning and rendering for the evaluation-set sources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
SUP = re.compile(r"<sup>.*?</sup>", re.S)
TAG = re.compile(r"</?(?:a|b|i|em|strong|sup|sub|br|img|p|div|span|code|details|summary)\b[^>]*>")
BULLET = re.compile(r"^(\s*)([*+-]|\d+[.)])\s+")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
WORD = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9+#./'-]*[A-Za-z0-9+#]|[A-Za-z])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class ParseError(ValueError):
    """A source file lacks the structure its parser expects."""


@dataclass(frozen=True)
class Block:
    """One markdown block: a heading, a fenced code block or a blank-line separated paragraph."""

    kind: str  # "heading" | "code" | "text"
    text: str
    level: int = 0
    path: tuple[str, ...] = ()  # titles of the enclosing headings, outermost first


def clean_inline(text: str) -> str:
    """Images and HTML dropped, links turned into their text."""
    text = IMAGE.sub("", text)
    text = SUP.sub("", text)
    text = LINK.sub(r"\1", text)
    text = TAG.sub("", text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _split_lines(markdown: str) -> list[tuple[str, str, int]]:
    """(kind, text, heading level) chunks, respecting code fences."""
    chunks: list[tuple[str, str, int]] = []
    buf: list[str] = []
    in_code = False

    def flush(kind: str = "text") -> None:
        if buf:
            chunks.append((kind, "\n".join(buf), 0))
            buf.clear()

    for line in markdown.splitlines():
        if in_code:
            buf.append(line)
            if FENCE.match(line):
                flush("code")
                in_code = False
            continue
        if FENCE.match(line):
            flush()
            buf.append(line)
            in_code = True
            continue
        heading = HEADING.match(line)
        if heading:
            flush()
            chunks.append(("heading", (heading.group(2) or "").strip(), len(heading.group(1))))
        elif not line.strip() or RULE.match(line):
            flush()
        else:
            buf.append(line)
    flush("code" if in_code else "text")
    return chunks


def parse_blocks(markdown: str, min_level: int = 1) -> list[Block]:
    """Blocks with cleaned inline markup and their heading path; empty blocks are dropped."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    for kind, raw, level in _split_lines(markdown):
        if kind == "heading":
            title = clean_inline(raw)
            if not title:
                continue
            level = max(level, min_level)
            while stack and stack[-1][0] >= level:
                stack.pop()
            blocks.append(Block("heading", title, level, tuple(t for _, t in stack)))
            stack.append((level, title))
            continue
        text = raw if kind == "code" else clean_inline(raw)
        if text:
            blocks.append(Block(kind, text, 0, tuple(t for _, t in stack)))
    return blocks


def is_blockquote(block: Block) -> bool:
    return block.kind == "text" and all(
        ln.lstrip().startswith(">") for ln in block.text.split("\n")
    )


def drop_empty_sections(blocks: Sequence[Block]) -> list[Block]:
    """Headings with no content before the next heading of the same or a higher level go."""
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            kept.append(block)
            continue
        for later in blocks[i + 1 :]:
            if later.kind != "heading":
                kept.append(block)
                break
            if later.level <= block.level:
                break
    return kept


def section_text(blocks: Sequence[Block], title: str) -> list[Block]:
    """Blocks under the first heading whose title starts with `title`."""
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.text.lower().startswith(title.lower()):
            out = []
            for later in blocks[index + 1 :]:
                if later.kind == "heading" and later.level <= block.level:
                    break
                out.append(later)
            return out
    return []


def render(blocks: Iterable[Block]) -> str:
    """Markdown text; headings shifted so the shallowest one renders as `##`."""
    blocks = list(blocks)
    levels = [b.level for b in blocks if b.kind == "heading"]
    shift = min(levels) - 2 if levels else 0
    parts = [
        ("#" * max(1, b.level - shift) + " " + b.text) if b.kind == "heading" else b.text
        for b in blocks
    ]
    return "\n\n".join(parts).strip()


def list_items(text: str) -> list[str] | None:
    """Top-level items of a list block (children included), or None if it is not a list."""
    lines = text.split("\n")
    first = BULLET.match(lines[0])
    if not first:
        return None
    indent = len(first.group(1))
    items: list[list[str]] = []
    for line in lines:
        match = BULLET.match(line)
        if match and len(match.group(1)) <= indent:
            items.append([line])
        elif items:
            items[-1].append(line)
    return ["\n".join(item) for item in items]


def bullets(blocks: Iterable[Block]) -> list[str]:
    """First lines of the top-level list items, markers and emphasis removed."""
    out = []
    for block in blocks:
        for item in list_items(block.text) or []:
            out.append(strip_emphasis(BULLET.sub("", item.split("\n")[0])).strip())
    return [b for b in out if b]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def strip_emphasis(text: str) -> str:
    return re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
