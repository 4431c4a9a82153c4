"""Build labeled JSONL sets for `sim eval` from the licensed answer texts in shared/eval.

The texts stay outside the repository: this module only reads them and writes derived sets
(`tune.jsonl`, `heldout.jsonl`) plus the `ATTRIBUTION.txt` their licences require into an output
folder that is never committed.

Every group is one question with its original answer and degraded variants whose labels are lower
by construction, so a grader can be measured by how well it ranks the variants inside a group.

    python -m sim.eval_sets --shared ../shared --out build/eval
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
SEED = 204
HELDOUT_BUCKETS = 3  # sha1(group) mod 10 below this goes to held-out (about 30% of groups)
TUNE_FILE = "tune.jsonl"
HELDOUT_FILE = "heldout.jsonl"
ATTRIBUTION_FILE = "ATTRIBUTION.txt"

PRIMER_DIR = "system-design-primer"
CHITAMOOR_DIR = "chitamoor-interview-prep"
JDUBZ_DIR = "jdubz-llm-prep"
AZ204_DIR = "az-204-flashcards"
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
STAR_LABELS = {
    "original": 4.0,
    "no_result": 3.0,
    "we_no_numbers": 2.5,
    "situation_only": 1.5,
    "keyword_salad": 1.0,
}
CARD_LABELS = {"detailed": 3.0, "terse": 2.0, "other_answer": 1.0}
KINDS = ("system_design", "behavioral", "deep_dive")
MAX_TRIMMED_SHARE = 0.9  # no_tradeoffs_failures_ops must drop at least 10% of the prose
TOP_VARIANTS = frozenset({"original", "detailed"})

SOURCES = (  # folder, credit, repository, commit, licence, licence file
    (
        PRIMER_DIR,
        "System Design Primer, Donne Martin",
        "https://github.com/donnemartin/system-design-primer",
        "ae9bbd7; review-system from 1418088",
        "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "LICENSE.txt",
    ),
    (
        CHITAMOOR_DIR,
        "chitamoor/interview-prep",
        "https://github.com/chitamoor/interview-prep",
        "ebce06f",
        "MIT",
        "LICENSE",
    ),
    (
        JDUBZ_DIR,
        "Jdubz/llm-prep",
        "https://github.com/Jdubz/llm-prep",
        "0fc8718",
        "MIT",
        "LICENSE",
    ),
    (
        AZ204_DIR,
        "envico801/AZ-204-Developing-Solutions-for-Microsoft-Azure",
        "https://github.com/envico801/AZ-204-Developing-Solutions-for-Microsoft-Azure",
        "0dc4eb3",
        "MIT",
        "LICENSE",
    ),
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _wordset(
    """
    a about above across after again against all almost also am an and any are as at be
    because been before being below between both but by can could did do does doing done down
    during each either else enough etc even ever every few first for from further get gets got
    had has have having he her here hers him his how however i if in into is it its itself just
    last less like made make makes many may me might more most much must my need needs new no
    nor not now of off often on once one only or other our out over own per rather same second
    she should since so some such than that the their them then there these they this those
    through thus to too under until up upon us use used uses using very via was we well were
    what when where whether which while who whom why will with within without would yes yet you
    your able across already always another around based cannot didn don every instead into
    let lot lots really several still things thing want wanted way ways went"""
)
GENERIC_TERMS = _wordset(
    """
    user users service client functional non-functional recommendation important note option
    approach problem solution pros cons situation task action result question answer yes no
    step example the this that we it they our i design error source trade-offs tradeoffs
    alternatives requirements kb mb gb tb pb ms rps qps id ids case handling server return ok
    store results report log reading creation none true false null"""
)
GENERIC_PATTERN = re.compile(r"requirements|estimations?$|^total\s", re.I)
COMMON_VERBS = _wordset(
    """allow allows provide provides include includes support supports determine determines
    offer offers mean means run runs find show following enable enables help helps involve
    involves serve serves handle handles list lists require requires utilize utilizes take takes
    give gives come comes add adds create creates add keep keeps become becomes work works
    ensure ensures called"""
)

# --- markdown ------------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
SUP = re.compile(r"<sup>.*?</sup>", re.S)
TAG = re.compile(r"</?(?:a|b|i|em|strong|sup|sub|br|img|p|div|span|code|details|summary)\b[^>]*>")
BULLET = re.compile(r"^(\s*)([*+-]|\d+[.)])\s+")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
IDENTIFIER = re.compile(r"[A-Za-z_][\w.-]{1,39}")
DANGLING = frozenset(
    {"a", "an", "the", "of", "to", "for", "in", "on", "with", "and", "or", "by", "as", "at", "that"}
)
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "that", "our", "my", "your"})
NUMBERED_TERM = re.compile(r"^(step|phase|option|approach|tier|problem|example|part)\s+\w+$", re.I)
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
WORD = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9+#./'-]*[A-Za-z0-9+#]|[A-Za-z])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
CLAUSE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+|[|:;()\[\],\"“”]|\s[-–—]+\s")


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


def words(text: str) -> list[str]:
    return WORD.findall(text)


def strip_emphasis(text: str) -> str:
    return re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


# --- terms ---------------------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    """Lower-case words that carry meaning (no stop words, no bare numbers)."""
    out = []
    for word in words(strip_emphasis(text)):
        lower = word.lower().strip(".'-")
        if len(lower) >= 3 and lower not in STOPWORDS and not lower.replace(".", "").isdigit():
            out.append(lower)
    return out


def noun_like(terms: Iterable[str]) -> list[str]:
    """Drop contractions, common verbs, past tenses and adverbs (a crude noun filter)."""
    return [
        t for t in terms if "'" not in t and t not in COMMON_VERBS and not re.search(r"(ed|ly)$", t)
    ]


def proper_phrases(text: str) -> list[str]:
    """Runs of capitalised words or acronyms, like product and component names.

    A run never crosses punctuation; a sentence's first word counts only if it is an acronym or
    has an inner capital (GitHub, DynamoDB).
    """
    phrases: list[str] = []
    for clause in CLAUSE_BREAK.split(strip_emphasis(text)):
        run: list[str] = []
        last_end: int | None = None
        for match in WORD.finditer(clause):
            token = match.group(0).rstrip(".")
            inner_capital = any(c.isupper() for c in token[1:])
            proper = (
                len(token) > 1
                and not re.match(r"I['’]", token)
                and token[0].isupper()
                and (last_end is not None or inner_capital or token.isupper())
            )
            contiguous = last_end is not None and clause[last_end : match.start()] == " "
            if proper and run and contiguous and len(run) < 4:
                run.append(token)
            else:
                if run:
                    phrases.append(" ".join(run))
                run = [token] if proper else []
            last_end = match.end()
        if run:
            phrases.append(" ".join(run))
    return phrases


def tidy_term(term: str) -> str:
    """A bold or code term without list numbering, option prefixes and trailing punctuation."""
    term = strip_emphasis(term).strip(" .:;,-\"'")
    term = re.sub(r"^(\d+[.)]|(Option|Approach|Tier|Step|Optimization)\s+\w+:)\s*", "", term)
    term = re.sub(r"\s*\([^)]*\)$", "", term)
    return term.strip(" .:;,-\"'")


def marked_terms(text: str) -> list[str]:
    """Bold and short code-span terms, in order of appearance."""
    terms = [tidy_term(m) for m in BOLD.findall(text)]
    terms += [m.strip() for m in CODE_SPAN.findall(text) if IDENTIFIER.fullmatch(m.strip())]
    return [t for t in terms if t and not t.endswith("?")]


def is_term(term: str) -> bool:
    """A short name or noun phrase: not generic, not a sentence, not a quantity."""
    parts = term.split()
    return (
        1 <= len(parts) <= 5
        and len(term) >= 2
        and term.lower() not in GENERIC_TERMS
        and term.lower() not in STOPWORDS
        and parts[0].lower() not in DETERMINERS
        and not NUMBERED_TERM.match(term)
        and not GENERIC_PATTERN.search(term)
        and not re.search(r"/\d|^\w{1,2}/", term)
    )


def document_frequency(docs: Iterable[Iterable[str]]) -> tuple[Counter[str], int]:
    df: Counter[str] = Counter()
    count = 0
    for terms in docs:
        df.update({t.lower() for t in terms})
        count += 1
    return df, count


def rank_terms(terms: Sequence[str], df: Counter[str], n_docs: int) -> list[str]:
    """Distinct terms by tf-idf, ties broken by first appearance."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    surface: dict[str, str] = {}
    for index, term in enumerate(terms):
        key = term.lower()
        if not is_term(term):
            continue
        counts[key] += 1
        first.setdefault(key, index)
        surface.setdefault(key, term)

    def score(key: str) -> float:
        return counts[key] * (math.log((n_docs + 1) / (df[key] + 1)) + 1.0)

    ranked = sorted(counts, key=lambda k: (-score(k), first[k]))
    return [surface[k] for k in ranked]


def term_key(term: str) -> str:
    """Case- and plural-insensitive comparison key."""
    lower = term.lower()
    plural = len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss")
    return lower[:-1] if plural else lower


def phrase_keys(term: str) -> tuple[str, ...]:
    return tuple(term_key(w) for w in re.split(r"[\s/]+", term) if w)


def contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def dedupe(terms: Iterable[str]) -> list[str]:
    """Drop repeats (ignoring case and plurals) and terms that are part of another term."""
    terms = list(terms)
    keys = [phrase_keys(t) for t in terms]
    kept: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for term, key in zip(terms, keys, strict=True):
        inside = any(len(other) > len(key) and contains(other, key) for other in keys)
        if key and key not in seen and not inside:
            kept.append(term)
        seen.add(key)
    return kept


# --- design answers -------------------------------------------------------------------------

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
    return dedupe(points + terms)[:8]


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


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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


# --- similarity and donors ------------------------------------------------------------------


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of content words."""
    wa, wb = set(content_words(a)), set(content_words(b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def pick_donor(group: str, text: str, donors: Sequence[tuple[str, str, str]]) -> tuple[str, str]:
    """(answer, source) of another group, among the less similar half; ("", "") if none.

    Donors come from the same source family when it has at least two, so the mismatch is in
    the topic rather than in length or style. The choice is seeded by the group id.
    """
    family = group.rsplit(":", 1)[0]
    same_family = [d for d in donors if d[0].rsplit(":", 1)[0] == family and d[0] != group]
    candidates = sorted(
        (overlap(text, d_text), d_group, d_text, d_source)
        for d_group, d_text, d_source in (same_family if len(same_family) >= 2 else donors)
        if d_group != group and d_text.strip() != text.strip()
    )
    if not candidates:
        return "", ""
    pool = candidates[: max(1, len(candidates) // 2)]
    chosen = random.Random(f"{SEED}:{group}").choice(pool)
    return chosen[2], chosen[3]


# --- items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One labeled line of an evaluation set."""

    group: str
    kind: str
    question: str
    answer: str
    label: float
    variant: str
    source: str
    key_points: tuple[str, ...] = ()
    reference: str | None = None

    @property
    def id(self) -> str:
        return f"{self.group}:{self.variant}"

    def to_json(self) -> str:
        record: dict[str, object] = {"id": self.id, "kind": self.kind, "question": self.question}
        if self.key_points:
            record["key_points"] = list(self.key_points)
        if self.reference:
            record["reference"] = self.reference
        record |= {
            "group": self.group,
            "answer": self.answer,
            "label": self.label,
            "variant": self.variant,
            "source": self.source,
        }
        return json.dumps(record, ensure_ascii=False)


@dataclass
class Report:
    """What was read, skipped and dropped while building."""

    files: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)

    def skip(self, source: str, path: Path, reason: str) -> None:
        self.skipped.append(f"{source}: {path.name} ({reason})")


@dataclass(frozen=True)
class GroupSpec:
    """What the items of one group share."""

    group: str
    kind: str
    question: str
    source: str
    key_points: tuple[str, ...] = ()
    variant_sources: tuple[tuple[str, str], ...] = ()  # variants answered from another file


def make_group(
    spec: GroupSpec, variants: dict[str, str], labels: dict[str, float], report: Report
) -> list[Item]:
    """Items of one group; empty or duplicate variants are dropped and counted."""
    items: list[Item] = []
    seen: set[str] = set()
    sources = dict(spec.variant_sources)
    for variant, answer in variants.items():
        answer = answer.strip()
        if not answer or answer in seen:
            report.dropped[f"{spec.kind}/{variant} (empty or same as another variant)"] += 1
            continue
        seen.add(answer)
        items.append(
            Item(
                group=spec.group,
                kind=spec.kind,
                question=spec.question,
                answer=answer,
                label=labels[variant],
                variant=variant,
                source=sources.get(variant, spec.source),
                key_points=spec.key_points,
            )
        )
    if len({i.label for i in items}) < 2 or items[0].variant not in TOP_VARIANTS:
        report.dropped[f"{spec.kind} group (fewer than two labels)"] += 1
        return []
    return items


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


def design_items(answers: Sequence[DesignAnswer], report: Report) -> list[Item]:
    """Six variants per system-design answer."""
    term_lists = [design_terms(a) for a in answers]
    df, n_docs = document_frequency(term_lists)
    donors = [(a.group, render(a.blocks), a.source) for a in answers if not a.weak]
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


# --- behavioral answers ---------------------------------------------------------------------

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


def bullets(blocks: Iterable[Block]) -> list[str]:
    out = []
    for block in blocks:
        for item in list_items(block.text) or []:
            out.append(strip_emphasis(BULLET.sub("", item.split("\n")[0])).strip())
    return [b for b in out if b]


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


PRONOUNS = (
    (r"\bI am\b", "we are"),
    (r"\bI['’]m\b", "we're"),
    (r"\bI was\b", "we were"),
    (r"\bI wasn['’]t\b", "we weren't"),
    (r"\bI['’]ve\b", "we've"),
    (r"\bI['’]d\b", "we'd"),
    (r"\bI['’]ll\b", "we'll"),
    (r"\bI\b", "we"),
    (r"\bmyself\b", "ourselves"),
    (r"\bmine\b", "ours"),
    (r"\bmy\b", "our"),
    (r"\bme\b", "us"),
)
NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundreds?|thousands?|millions?|billions?|dozens?)"
)
NUMBER = rf"(?:[$€£]?\d(?:[\w.,:/%+$-]*[\w%])?|{NUMBER_WORD}(?:[- ]{NUMBER_WORD})*\b)"
SENTENCE_OPENER = re.compile(r"(?:^|[.!?][\"”]?\s+|\n\s*|(?:^|\s)[\"“]|\()$")
CUT = "\x00"  # marks where without_numbers cut words out
MONEY = r"[$€£]\d(?:[\w.,]*\w)?"
QUANTITY_UNIT = (
    r"(?:%|percent|percentage points?|x|times|ms|milliseconds?|seconds?|minutes?|hours?|days?|"
    r"weeks?|months?|quarters?|years?|sprints?|points?)"
)
PREPOSITION = (
    r"(?:by|from|to|of|at|within|in|over|under|about|around|roughly|approximately|nearly|almost|"
    r"than|after|for|per|only|just|some|an estimated|estimated)"
)


def at_sentence_start(text: str, index: int) -> bool:
    """Whether a word at `index` opens a sentence, a quotation or a parenthesis."""
    return bool(SENTENCE_OPENER.search(text[:index]))


def pronoun_swap(match: re.Match[str], plural: str) -> str:
    """The plural for a matched singular, capitalised where a sentence or quote opens."""
    start = at_sentence_start(match.string, match.start())
    capital = start or (match.group(0)[:1].isupper() and not match.group(0).startswith("I"))
    return plural[:1].upper() + plural[1:] if capital else plural


def to_we(text: str) -> str:
    """First-person singular turned into "we"/"our"."""
    for pattern, plural in PRONOUNS:
        flags = 0 if pattern.startswith(r"\bI") else re.I
        text = re.sub(pattern, lambda m, p=plural: pronoun_swap(m, p), text, flags=flags)
    return text


def without_numbers(text: str) -> str:
    """Digits, percentages and spelled-out quantities removed, with units and prepositions.

    Cut-outs leave a marker so the text can be repaired where a sentence lost its first words.
    """
    text = re.sub(r"\b1:1(s?)\b", r"one-on-one\1", text)
    quantity = rf"{NUMBER}(?:\s*(?:to|-|–)\s*{NUMBER})?(?:\s*{QUANTITY_UNIT}\b|%)?"
    timed = rf"{NUMBER}(?:\s*(?:to|-|–)\s*{NUMBER})?\s*(?:{QUANTITY_UNIT}\b|%)"
    noun = rf"(?:\s+(?!(?:{PREPOSITION})\b)[a-z]+\b)?"
    bare_end = r"(?=\s*(?:[,.;:)]|$|\s(?:that|who|which|and|but|or)\b))"
    rules = (
        (rf"\bfrom\s+{quantity}\s+to\s+{quantity}{noun}", re.I),  # "from 25 to 80 engineers"
        (rf"\b{timed}\s+(?:in|later|ago|earlier)\s*,", re.I),  # "Three months in,"
        (rf"\b(?:{PREPOSITION}\s+)+(?:{timed}|{MONEY})", re.I),  # "within two weeks"
        (rf"\b{PREPOSITION}\s+{NUMBER}{bare_end}", re.I),  # "a team of 8 that"
        (rf"\b{PREPOSITION}\s+(?:Q|H|FY)\d+\w*", 0),  # "by Q2"
        (rf"(?<![\w-]){quantity}(?:-\w+)?(?:\s+of\b)?", re.I),  # "94% of", "two-page"
        (r"\b\w*\d\w*\b", 0),  # anything else holding a digit (P99, Code2040)
    )
    for pattern, flags in rules:
        text = re.sub(pattern, CUT, text, flags=flags)
    return tidy_cuts(text)


def tidy_cuts(text: str) -> str:
    """Whitespace, orphaned punctuation and sentence capitals repaired around the cut markers."""
    text = re.sub(rf"(^|\n|[.!?][\"”]?)([\s{CUT}]*{CUT}[\s{CUT}]*)[,;:]*\s*([a-z]?)", _recap, text)
    text = text.replace(CUT, " ")
    text = re.sub(r"\(\s*[,;/&-]*\s*\)", "", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" +([,.;:!?)])", r"\1", text)
    text = re.sub(r"\( +", "(", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"\b(a|an|the)\s+(a|an|the)\b", r"\2", text, flags=re.I)
    text = re.sub(r",\s*\.", ".", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _recap(match: re.Match[str]) -> str:
    """A cut right after a sentence end: drop its stray comma, capitalise what follows."""
    lead, _, letter = match.groups()
    return f"{lead} {letter.upper()}" if lead.strip() else f"{lead}{letter.upper()}"


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


# --- deep-dive flashcards -------------------------------------------------------------------

CARD = re.compile(
    r"^#####\s+(?P<q>.+?)\s*\n+######\s+ID(?P<id>\d+)\s*\n+A::[^\n]*\n(?P<a>.*?)"
    r"(?=^Q::|^#{1,5}\s|^---\s*$|\Z)",
    re.S | re.M,
)


@dataclass(frozen=True)
class Card:
    """One short Q/A flashcard."""

    group: str
    question: str
    answer: str
    source: str


def read_cards(path: Path, eval_dir: Path) -> list[Card]:
    """Q/A pairs of the AZ-204 anki README."""
    text = path.read_text(encoding="utf-8")
    cards = [
        Card(
            group=f"deep_dive:az204:id{int(m['id']):03d}",
            question=strip_emphasis(clean_inline(m["q"])),
            answer=clean_inline(m["a"]),
            source=path.relative_to(eval_dir).as_posix(),
        )
        for m in CARD.finditer(text)
    ]
    cards = [c for c in cards if c.question and c.answer]
    if not cards:
        raise ParseError("no `##### question / ###### IDn / A::` cards")
    return cards


def terse(answer: str) -> str:
    """The first sentence, or the first few words when the answer is one sentence."""
    total = len(words(answer))
    first = sentences(answer)[0]
    if 3 <= len(words(first)) <= 0.6 * total:
        return first
    if total < 6:
        return ""
    tokens = answer.split()[: min(8, len(answer.split()) // 2)]
    while len(tokens) > 3 and tokens[-1].lower().strip(",;:") in DANGLING:
        tokens.pop()
    return " ".join(tokens).rstrip(",;:")


def card_terms(card: Card) -> list[str]:
    return marked_terms(card.answer) + proper_phrases(card.answer) + content_words(card.answer)


def card_key_points(card: Card, df: Counter[str], n_docs: int) -> list[str]:
    """3-5 distinctive terms of the answer: names, then noun-like words not in the question."""
    names = rank_terms(marked_terms(card.answer) + proper_phrases(card.answer), df, n_docs)
    long_words = [w for w in noun_like(content_words(card.answer)) if len(w) >= 5]
    nouns = rank_terms(long_words, df, n_docs)
    asked = {term_key(w) for w in content_words(card.question)}
    candidates = dedupe(names + nouns)
    fresh = [t for t in candidates if not set(phrase_keys(t)) <= asked]
    return (fresh if len(fresh) >= 3 else candidates)[:5]


def self_contained(answer: str) -> bool:
    """An answer that names its subject (not "It ...", "Yes, ...", "By ...")."""
    opener = answer.split(maxsplit=1)[0].strip(",").lower() if answer.split() else ""
    return opener not in {"it", "they", "this", "by", "yes", "no", "when", "if", "there"}


def card_items(cards: Sequence[Card], report: Report) -> list[Item]:
    """Three variants per flashcard."""
    term_lists = [card_terms(c) for c in cards]
    df, n_docs = document_frequency(term_lists)
    donors = [(c.group, c.answer, c.source) for c in cards if self_contained(c.answer)]
    items: list[Item] = []
    for card in cards:
        other, other_source = pick_donor(card.group, card.answer, donors)
        variants = {"detailed": card.answer, "terse": terse(card.answer), "other_answer": other}
        if not variants["terse"]:
            report.dropped["deep_dive/terse (answer under six words)"] += 1
            del variants["terse"]
        spec = GroupSpec(
            card.group,
            "deep_dive",
            card.question,
            card.source,
            tuple(card_key_points(card, df, n_docs)),
            (("other_answer", other_source),),
        )
        items += make_group(spec, variants, CARD_LABELS, report)
    return items


# --- collecting -----------------------------------------------------------------------------

SKIPPABLE = (ParseError, UnicodeDecodeError, OSError)


def read_each(
    paths: Iterable[Path],
    reader: Callable[[Path], T | list[T]],
    source: str,
    report: Report,
) -> list[T]:
    """Apply reader to every path; a file that does not parse is skipped and reported."""
    out: list[T] = []
    for path in paths:
        try:
            result = reader(path)
        except SKIPPABLE as exc:
            report.skip(source, path, str(exc) or type(exc).__name__)
            continue
        found = result if isinstance(result, list) else [result]
        report.files[source] += 1
        report.answers[source] += len(found)
        out += found
    return out


def collect_items(eval_dir: Path, report: Report) -> list[Item]:
    """All items of all three kinds."""
    primer = sorted((eval_dir / PRIMER_DIR).glob("solutions/system_design/*/README.md"))
    jdubz_sd = sorted((eval_dir / JDUBZ_DIR / "courses").rglob("*design-problems*.md"))
    jdubz_bh = sorted((eval_dir / JDUBZ_DIR / "courses").rglob("*behavioral*/*.md"))
    chitamoor = sorted((eval_dir / CHITAMOOR_DIR).glob("*/q[0-9][0-9]_*.md"))
    anki = sorted((eval_dir / AZ204_DIR / "anki").glob("README.md"))

    designs = read_each(primer, lambda p: read_primer_answer(p, eval_dir), PRIMER_DIR, report)
    designs += read_each(
        jdubz_sd, lambda p: read_jdubz_designs(p, eval_dir), JDUBZ_DIR + " (design)", report
    )
    stars = read_each(
        chitamoor, lambda p: read_chitamoor_answer(p, eval_dir), CHITAMOOR_DIR, report
    )
    stars += read_each(
        jdubz_bh, lambda p: read_jdubz_stars(p, eval_dir), JDUBZ_DIR + " (behavioral)", report
    )
    cards = read_each(anki, lambda p: read_cards(p, eval_dir), AZ204_DIR, report)
    return design_items(designs, report) + star_items(stars, report) + card_items(cards, report)


def is_heldout(group: str) -> bool:
    """Stable split: sha1 of the group id, mod 10, below HELDOUT_BUCKETS."""
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % 10 < HELDOUT_BUCKETS


def attribution_text(eval_dir: Path) -> str:
    """Credits and licence notices for every source the sets are derived from."""
    lines = [
        "Evaluation sets for `sim eval`, generated by sim/eval_sets.py.",
        "",
        "The answers in tune.jsonl and heldout.jsonl are derived from the works below. They were",
        "modified: markdown images and links reduced to text, sections removed or truncated,",
        "pronouns and numbers rewritten, terms extracted, and answers paired with other",
        "questions, to make graded variants of lower quality. The originals are unchanged at the",
        "addresses below. No endorsement by the authors is implied.",
        "",
    ]
    for folder, name, url, commit, licence, licence_file in SOURCES:
        lines += [
            "=" * 78,
            name,
            f"  source:  {url}",
            f"  commit:  {commit}",
            f"  licence: {licence}",
            f"  used:    shared/eval/{folder}/",
            "",
        ]
        notice = eval_dir / folder / licence_file
        if notice.is_file():
            lines += [notice.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class BuildResult:
    """Paths written plus the build report."""

    paths: dict[str, Path]
    items: dict[str, list[Item]]
    report: Report


def write_lines(path: Path, items: Sequence[Item]) -> None:
    path.write_text("".join(item.to_json() + "\n" for item in items), encoding="utf-8")


def build(shared_dir: Path, out_dir: Path) -> BuildResult:
    """Read shared_dir/eval, write the two sets and ATTRIBUTION.txt into out_dir."""
    eval_dir = shared_dir / "eval"
    if not eval_dir.is_dir():
        raise FileNotFoundError(f"no eval texts at {eval_dir}")
    report = Report()
    items = sorted(collect_items(eval_dir, report), key=lambda i: (i.group, -i.label, i.variant))
    split = {
        "tune": [i for i in items if not is_heldout(i.group)],
        "heldout": [i for i in items if is_heldout(i.group)],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "tune": out_dir / TUNE_FILE,
        "heldout": out_dir / HELDOUT_FILE,
        "attribution": out_dir / ATTRIBUTION_FILE,
    }
    write_lines(paths["tune"], split["tune"])
    write_lines(paths["heldout"], split["heldout"])
    paths["attribution"].write_text(attribution_text(eval_dir), encoding="utf-8")
    return BuildResult(paths, split, report)


def build_sets(shared_dir: Path, out_dir: Path) -> dict[str, Path]:
    """Build the sets; returns {"tune", "heldout", "attribution"} -> written path."""
    return build(shared_dir, out_dir).paths


def summary_lines(result: BuildResult) -> list[str]:
    """One line per written file, then what was skipped or dropped."""
    lines = []
    for name in ("tune", "heldout"):
        items = result.items[name]
        groups = {i.group: i.kind for i in items}
        per_kind = Counter(groups.values())
        kinds = ", ".join(
            f"{k} {per_kind[k]}" for k in ("system_design", "behavioral", "deep_dive")
        )
        lines.append(f"{result.paths[name]}: {len(items)} items, {len(groups)} groups ({kinds})")
    report = result.report
    read = ", ".join(
        f"{source} {count} files / {report.answers[source]} answers"
        for source, count in sorted(report.files.items())
    )
    lines.append(f"{result.paths['attribution']}: {len(SOURCES)} sources; read {read}")
    skipped = "; ".join(report.skipped) or "none"
    lines.append(f"skipped {len(report.skipped)} files: {skipped}")
    if report.dropped:
        dropped = "; ".join(f"{k} x{v}" for k, v in sorted(report.dropped.items()))
        lines.append(f"dropped variants: {dropped}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: build the sets and print a summary."""
    parser = argparse.ArgumentParser(prog="python -m sim.eval_sets", description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="shared folder")
    parser.add_argument("--out", type=Path, default=Path("build/eval"), help="output folder")
    args = parser.parse_args(argv)
    try:
        result = build(args.shared, args.out)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for line in summary_lines(result):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
