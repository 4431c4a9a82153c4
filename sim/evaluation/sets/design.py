"""System-design answers: reading their sources and deriving their degraded variants."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sim.evaluation.sets.items import GroupSpec, Item, Report, make_group, pick_donor
from sim.evaluation.sets.markdown import (
    Block,
    ParseError,
    drop_empty_sections,
    is_blockquote,
    list_items,
    parse_blocks,
    render,
    slugify,
    words,
)
from sim.evaluation.sets.terms import (
    BOLD,
    dedupe,
    document_frequency,
    is_term,
    marked_terms,
    proper_phrases,
    rank_terms,
    tidy_term,
)

WEAK_PRIMER_ANSWERS = frozenset({"review-system"})  # community answer the README calls weaker

# Labels on the 1-4 rubric scale; only the order inside a group matters.
DESIGN_LABELS = {
    "original": 4.0,
    "no_tradeoffs_failures_ops": 3.0,
    "core_only": 2.0,
    "first_paragraph": 1.5,
    "keyword_salad": 1.0,
    "other_question": 1.0,
}
WEAK_DESIGN_LABELS = {
    "original": 3.0,
    "no_tradeoffs_failures_ops": 2.5,
    "core_only": 2.0,
    "first_paragraph": 1.5,
    "keyword_salad": 1.0,
    "other_question": 1.0,
}
MAX_TRIMMED_SHARE = 0.9  # no_tradeoffs_failures_ops must drop at least 10% of the prose

CORE_HEADING = re.compile(
    r"use cases|constraints|requirements|estimat|high.level design|api definition|data ?model",
    re.I,
)
OPS_HEADING = re.compile(
    r"trade-?offs?|comparison|failure|recover|fault|multi-datacenter|multi-region|guarantee|"
    r"monitor|observab|alert|secur|\bscal(e|es|ing)\b|bottleneck|reliab|availab|"
    r"latency numbers|ongoing|additional talking points|cross-cutting|caching|\bcdn\b|users\+|"
    r"\bdistributed\b|partition|replicat",
    re.I,
)
OPS_TEXT = re.compile(
    r"trade-?offs?|alternatives?\b|bottleneck|\bfail|fault|outage|downtime|redundan|replica|"
    r"monitor|alerting|on-call|pager|secur|encrypt|whitelist|availab|disaster|backoff|retr(y|ies)|"
    r"dead.letter|\bSLA\b|autoscal|load.balanc|horizontal|shard|benchmark|profil|fallback|"
    r"degrad|idempoten|at-least-once",
    re.I,
)
SUMMARY = re.compile(r"summary|overview", re.I)
BOILERPLATE = re.compile(
    r"^\*Note:|similar questions?\b|Without an interviewer|^\*\*Clarify with your interviewer",
    re.I,
)
STRUCTURAL_HEADING = re.compile(
    r"^(step \d|use cases?$|out of scope|constraints|state assumptions|calculate|requirements|"
    r"estimation|high.level design|goals|assumptions|architecture summary|we'll scope|note)",
    re.I,
)


@dataclass(frozen=True)
class DesignAnswer:
    """A parsed system-design answer: question, source and body blocks."""

    group: str
    question: str
    source: str
    blocks: tuple[Block, ...]
    weak: bool = False


def in_section(block: Block, pattern: re.Pattern[str]) -> bool:
    titles = (*block.path, block.text) if block.kind == "heading" else block.path
    return any(pattern.search(title) for title in titles)


def without_ops(blocks: Sequence[Block]) -> list[Block]:
    """Trade-off, failure, scaling, operations and security sections and paragraphs removed.

    Whole sections go by heading; outside the requirements / high-level-design / summary sections
    paragraphs and top-level list items go by wording, and a list introduced by a dropped
    "...:" paragraph goes with it.
    """
    kept: list[Block] = []
    drop_list = False
    for block in blocks:
        after_dropped_intro, drop_list = drop_list, False
        if in_section(block, OPS_HEADING):
            continue
        if block.kind != "text" or in_section(block, CORE_HEADING) or in_section(block, SUMMARY):
            kept.append(block)
            continue
        items = list_items(block.text)
        if items is None:
            if not OPS_TEXT.search(block.text):
                kept.append(block)
            else:
                drop_list = block.text.rstrip(" *_").endswith(":")
            continue
        survivors = [item for item in items if not OPS_TEXT.search(item)]
        if survivors and not after_dropped_intro:
            kept.append(replace(block, text="\n".join(survivors)))
    return drop_empty_sections(kept)


def core_prefix(blocks: Sequence[Block], target_chars: int) -> list[Block]:
    """Requirements and high-level design, topped up with what follows to about target_chars."""
    kept: list[Block] = []
    size = 0
    for block in blocks:
        if not in_section(block, CORE_HEADING) and size >= target_chars:
            break
        kept.append(block)
        size += len(block.text) + 2
    while kept and (kept[-1].kind == "heading" or kept[-1].text.rstrip(" *_").endswith(":")):
        kept.pop()
    return drop_empty_sections(kept)


def first_paragraph(blocks: Sequence[Block], min_words: int = 15) -> str:
    """The first prose (or list) block long enough to say something ("" if there is none)."""
    return next(
        (b.text for b in blocks if b.kind == "text" and len(words(b.text)) >= min_words), ""
    )


def is_diagram(block: Block) -> bool:
    """A fenced block without a language tag that draws boxes or arrows."""
    first = block.text.split("\n", 1)[0].strip().strip("`~")
    return block.kind == "code" and not first and bool(re.search(r"->|<-|[─│├└┌]", block.text))


def design_terms(answer: DesignAnswer) -> list[str]:
    """Bold and code terms of the prose, names from prose and diagrams."""
    text = "\n".join(b.text for b in answer.blocks if b.kind == "text")
    diagrams = "\n".join(b.text for b in answer.blocks if is_diagram(b))
    return marked_terms(text) + proper_phrases(text) + proper_phrases(diagrams)


def design_key_points(answer: DesignAnswer, df: Counter[str], n_docs: int) -> list[str]:
    """5-8 short headings and distinctive bold terms / names of the original."""
    headings = [
        tidy_term(re.sub(r"^(deep dive|use case)\s*:\s*", "", b.text, flags=re.I))
        for b in answer.blocks
        if b.kind == "heading"
        and not in_section(b, OPS_HEADING)
        and not STRUCTURAL_HEADING.search(b.text)
        and len(b.text.split()) <= 6
    ]
    text = "\n".join(b.text for b in answer.blocks if b.kind == "text")
    diagrams = "\n".join(b.text for b in answer.blocks if is_diagram(b))
    bold = [tidy_term(t) for t in BOLD.findall(text)]
    terms = rank_terms(bold + proper_phrases(text) + proper_phrases(diagrams), df, n_docs)
    points = dedupe(h for h in headings if is_term(h))[:4]
    candidates = dedupe(points + terms)
    # Key points should say what is special about *this* design: components every write-up in
    # the family shares ("Web Server", "Memory Cache") would let any answer look on topic.
    common = max(2, n_docs // 4)
    distinctive = [t for t in candidates if df[t.lower()] < common]
    return (distinctive + [t for t in candidates if t not in distinctive])[:8]


def read_primer_answer(path: Path, eval_dir: Path) -> DesignAnswer:
    """One system-design-primer solution README."""
    blocks = parse_blocks(path.read_text(encoding="utf-8"), min_level=1)
    if not blocks or blocks[0].kind != "heading" or blocks[0].level != 1:
        raise ParseError("no title heading")
    title = blocks[0].text
    body = [replace(b, path=b.path[1:]) for b in blocks[1:]]
    body = [
        replace(b, level=max(b.level, 2)) if b.kind == "heading" else b
        for b in body
        if not is_blockquote(b) and not (b.kind == "text" and BOILERPLATE.search(b.text))
    ]
    body = drop_empty_sections(body)
    if not any(in_section(b, CORE_HEADING) for b in body):
        raise ParseError("no use-case / requirements section")
    slug = path.parent.name
    return DesignAnswer(
        group=f"system_design:primer:{slug}",
        question=title if title.lower().startswith("design") else f"Design {title}",
        source=path.relative_to(eval_dir).as_posix(),
        blocks=tuple(body),
        weak=slug in WEAK_PRIMER_ANSWERS,
    )


def article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeio" else "a"


def read_jdubz_designs(path: Path, eval_dir: Path) -> list[DesignAnswer]:
    """The `## Problem N: X` answers of one jdubz classic-problems module."""
    blocks = parse_blocks(path.read_text(encoding="utf-8"))
    answers: list[DesignAnswer] = []
    for index, block in enumerate(blocks):
        match = re.match(r"Problem\s+\d+\s*:\s*(.+)", block.text)
        if block.kind != "heading" or not match:
            continue
        body: list[Block] = []
        for later in blocks[index + 1 :]:
            if later.kind == "heading" and later.level <= block.level:
                break
            body.append(replace(later, path=later.path[len(block.path) + 1 :]))
        if not any(in_section(b, CORE_HEADING) for b in body):
            raise ParseError(f"problem {match.group(1)!r} has no requirements section")
        name = match.group(1).strip()
        answers.append(
            DesignAnswer(
                group=f"system_design:jdubz:{slugify(name)}",
                question=f"Design {article(name)} {name}",
                source=path.relative_to(eval_dir).as_posix(),
                blocks=tuple(drop_empty_sections(body)),
            )
        )
    if not answers:
        raise ParseError("no `Problem N:` sections")
    return answers


def prose_chars(blocks: Iterable[Block]) -> int:
    """Characters outside code blocks (diagrams and code would swamp the prose)."""
    return sum(len(b.text) for b in blocks if b.kind != "code")


def design_variants(
    answer: DesignAnswer, salad: Sequence[str], other: str, report: Report
) -> dict[str, str]:
    """Original and degraded answers; the trimmed one only if it lost >= 10% of the prose."""
    original = render(answer.blocks)
    trimmed = without_ops(answer.blocks)
    if prose_chars(trimmed) > MAX_TRIMMED_SHARE * prose_chars(answer.blocks):
        report.dropped[f"system_design/no_tradeoffs_failures_ops ({answer.group})"] += 1
        trimmed = []
    target = int(min(len(original) / 3, 0.6 * len(render(trimmed or answer.blocks))))
    variants = {
        "original": original,
        "no_tradeoffs_failures_ops": render(trimmed),
        "core_only": render(core_prefix(trimmed or answer.blocks, target)),
        "first_paragraph": first_paragraph(answer.blocks),
        "keyword_salad": "\n".join(salad),
        "other_question": other,
    }
    return {name: text for name, text in variants.items() if text}


GENERIC_DESIGNS = (":scaling_aws",)


def design_items(answers: Sequence[DesignAnswer], report: Report) -> list[Item]:
    """Six variants per system-design answer."""
    term_lists = [design_terms(a) for a in answers]
    df, n_docs = document_frequency(term_lists)
    # A donor must answer a *different* question. The primer's scaling write-up answers the
    # generic "scale any web service" question, which every other design overlaps, so it
    # never serves as the wrong answer to another design.
    donors = [
        (a.group, render(a.blocks), a.source)
        for a in answers
        if not a.weak and not a.group.endswith(GENERIC_DESIGNS)
    ]
    items: list[Item] = []
    for answer, terms in zip(answers, term_lists, strict=True):
        other, other_source = pick_donor(answer.group, render(answer.blocks), donors)
        salad = dedupe(rank_terms(terms, df, n_docs))[:30]
        spec = GroupSpec(
            answer.group,
            "system_design",
            answer.question,
            answer.source,
            tuple(design_key_points(answer, df, n_docs)),
            (("other_question", other_source),),
        )
        labels = WEAK_DESIGN_LABELS if answer.weak else DESIGN_LABELS
        items += make_group(spec, design_variants(answer, salad, other, report), labels, report)
    return items
