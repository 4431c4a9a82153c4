"""Deep-dive flashcards: reading the AZ-204 cards and deriving their degraded variants."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.evaluation.sets.items import GroupSpec, Item, Report, make_group, pick_donor
from sim.evaluation.sets.markdown import (
    ParseError,
    clean_inline,
    sentences,
    strip_emphasis,
    words,
)
from sim.evaluation.sets.terms import (
    content_words,
    dedupe,
    document_frequency,
    marked_terms,
    noun_like,
    phrase_keys,
    proper_phrases,
    rank_terms,
    term_key,
)

# Labels on the 1-4 rubric scale; only the order inside a group matters.
CARD_LABELS = {"detailed": 3.0, "terse": 2.0, "other_answer": 1.0}
CARD = re.compile(
    r"^#####\s+(?P<q>.+?)\s*\n+######\s+ID(?P<id>\d+)\s*\n+A::[^\n]*\n(?P<a>.*?)"
    r"(?=^Q::|^#{1,5}\s|^---\s*$|\Z)",
    re.S | re.M,
)
DANGLING = frozenset(
    {"a", "an", "the", "of", "to", "for", "in", "on", "with", "and", "or", "by", "as", "at", "that"}
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
