"""Behavioral (STAR) answers: reading their sources and deriving their degraded variants."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sim.evaluation.sets.items import GroupSpec, Item, Report, make_group
from sim.evaluation.sets.markdown import (
    Block,
    ParseError,
    bullets,
    parse_blocks,
    section_text,
    slugify,
)
from sim.evaluation.sets.rewrite import to_we, without_numbers
from sim.evaluation.sets.terms import (
    content_words,
    dedupe,
    document_frequency,
    noun_like,
    proper_phrases,
    rank_terms,
)

# Labels on the 1-4 rubric scale; only the order inside a group matters.
STAR_LABELS = {
    "original": 4.0,
    "no_result": 3.0,
    "we_no_numbers": 2.5,
    "situation_only": 1.5,
    "keyword_salad": 1.0,
}
STAR_LABEL = re.compile(r"^\*\*(Situation|Task|Action|Result|S|T|A|R)\s*:?\s*\*\*\s*:?\s*", re.I)
STAR_PART = {"s": "situation", "t": "task", "a": "action", "r": "result"}


@dataclass(frozen=True)
class StarAnswer:
    """A behavioral question with its STAR example split into parts."""

    group: str
    question: str
    source: str
    parts: dict[str, str]  # situation, task, action, result
    key_points: tuple[str, ...] = ()


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] in '"“' and text[-1] in '"”':
        return text[1:-1].strip()
    return text


def star_parts(paragraphs: Iterable[str]) -> dict[str, str]:
    """Map labeled STAR paragraphs (`**Situation:**` or `**S:**`) to their text."""
    parts: dict[str, str] = {}
    current = ""
    for paragraph in paragraphs:
        match = STAR_LABEL.match(paragraph)
        if match:
            current = STAR_PART[match.group(1)[0].lower()]
            parts[current] = unquote(paragraph[match.end() :])
        elif current:
            parts[current] += "\n\n" + unquote(paragraph)
    if set(parts) != set(STAR_PART.values()):
        raise ParseError(f"STAR parts found: {sorted(parts) or 'none'}")
    return parts


def read_chitamoor_answer(path: Path, eval_dir: Path) -> StarAnswer:
    """One chitamoor qNN_*.md file."""
    blocks = parse_blocks(path.read_text(encoding="utf-8"))
    if not blocks or blocks[0].kind != "heading":
        raise ParseError("no question heading")
    example = [b.text for b in section_text(blocks, "Example Response") if b.kind == "text"]
    key_points = bullets(section_text(blocks, "Key Points to Cover"))
    return StarAnswer(
        group=f"behavioral:chitamoor:{path.parent.name[:2]}-{path.stem}",
        question=blocks[0].text,
        source=path.relative_to(eval_dir).as_posix(),
        parts=star_parts(example),
        key_points=tuple(key_points),
    )


def read_jdubz_stars(path: Path, eval_dir: Path) -> list[StarAnswer]:
    """The `### Example N: Theme` STAR answers (if any), with the theme's "want to hear" bullets."""
    blocks = parse_blocks(path.read_text(encoding="utf-8"))
    answers: list[StarAnswer] = []
    for index, block in enumerate(blocks):
        match = re.match(r"Example\s+(\d+)\s*:\s*(.+)", block.text)
        if block.kind != "heading" or not match:
            continue
        body = [b.text for b in section_text(blocks[index:], block.text) if b.kind == "text"]
        question = next((p for p in body if p.startswith("**Question:**")), "")
        if not question:
            raise ParseError(f"example {match.group(1)} has no question")
        theme = match.group(2).strip()
        answers.append(
            StarAnswer(
                group=f"behavioral:jdubz:{slugify(theme)}",
                question=unquote(question.removeprefix("**Question:**")),
                source=path.relative_to(eval_dir).as_posix(),
                parts=star_parts(p for p in body if p is not question),
                key_points=tuple(theme_wants(blocks, theme)),
            )
        )
    return answers  # other files of the module teach without worked examples


def bullets_after(section: Sequence[Block], label: str) -> list[str]:
    """Bullets following a bold `label` paragraph (same block or the next one)."""
    for index, para in enumerate(section):
        head, _, rest = para.text.partition("\n")
        if head.lower().startswith(f"**{label.lower()}"):
            return bullets([replace(para, text=rest)] if rest else section[index + 1 : index + 2])
    return []


def theme_wants(blocks: Sequence[Block], theme: str) -> list[str]:
    """Bullets after "What they want to hear" in the `Theme N: <theme>` section, if any."""
    pattern = rf"Theme\s+\d+\s*:\s*{re.escape(theme)}"
    for block in blocks:
        if block.kind == "heading" and re.fullmatch(pattern, block.text):
            return bullets_after(section_text(blocks, block.text), "What they want to hear")
    return []


def star_terms(answer: StarAnswer) -> list[str]:
    """Names and noun-like content words of the story (no past tenses, adverbs, contractions)."""
    text = "\n".join(answer.parts.values())
    return proper_phrases(text) + noun_like(content_words(text))


def star_items(answers: Sequence[StarAnswer], report: Report) -> list[Item]:
    """Five variants per STAR answer."""
    term_lists = [star_terms(a) for a in answers]
    df, n_docs = document_frequency(term_lists)
    items: list[Item] = []
    for answer, terms in zip(answers, term_lists, strict=True):
        p = answer.parts
        original = "\n\n".join(p[k] for k in ("situation", "task", "action", "result"))
        variants = {
            "original": original,
            "no_result": "\n\n".join(p[k] for k in ("situation", "task", "action")),
            "we_no_numbers": without_numbers(to_we(original)),
            "situation_only": p["situation"],
            "keyword_salad": ", ".join(dedupe(rank_terms(terms, df, n_docs))[:15]),
        }
        spec = GroupSpec(
            answer.group, "behavioral", answer.question, answer.source, answer.key_points
        )
        items += make_group(spec, variants, STAR_LABELS, report)
    return items
