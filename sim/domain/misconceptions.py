"""Known wrong claims, found in an answer's sentences through the matching layer.

A catalogue of hundreds of patterns is matched in one indexed pass: each pattern's terms are
reduced to the tokens they must start with, a sentence's tokens are looked up once, and only the
entries whose every term could be there get the negation-aware check."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sim.domain.matching import (
    EMPTY_LEXICON,
    PREFIX_MIN_CHARS,
    Lexicon,
    Term,
    Tokens,
    asserts,
    compile_term,
)
from sim.domain.questions import Misconception


@dataclass(frozen=True)
class TermKey:
    """What a sentence must hold for a term to match: the first token of one of its
    alternatives, in either view (a lone truncated word also as a word prefix, as the matcher
    reads it)."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, term: Term) -> "TermKey":
        stems: set[str] = set()
        prefixes: set[str] = set()
        for alt in term.alternatives:
            for view in (alt.raw, alt.canon):
                if not view:
                    continue
                stems.add(view[0].stem)
                word = view[0].word
                if len(view) == 1 and len(word) >= PREFIX_MIN_CHARS and word.isalpha():
                    prefixes.add(word)
        return cls(frozenset(stems), tuple(sorted(prefixes)))

    def may_match(self, tokens: Tokens) -> bool:
        if not self.stems.isdisjoint(tokens.all_stems):
            return True
        if not self.prefixes:
            return False
        heads = tokens.word_heads
        if not any(p[:PREFIX_MIN_CHARS] in heads for p in self.prefixes):
            return False
        return any(
            t.word.startswith(self.prefixes) for view in (tokens.raw, tokens.canon) for t in view
        )


@dataclass(frozen=True)
class CompiledMisconception:
    misconception: Misconception
    patterns: tuple[tuple[Term, ...], ...]
    unless: tuple[Term, ...]
    keys: tuple[tuple[TermKey, ...], ...]  # per pattern, per term

    def stated_in(self, tokens: Tokens) -> bool:
        """Some pattern's terms are asserted together in these tokens (one sentence)."""
        return any(
            all(key.may_match(tokens) for key in keys) and asserts(tokens, terms, self.unless)
            for terms, keys in zip(self.patterns, self.keys, strict=True)
        )

    def may_state(self, tokens: Tokens) -> bool:
        """Some pattern has every term's first token here: a cheap test before the clauses."""
        return any(all(key.may_match(tokens) for key in keys) for keys in self.keys)

    @property
    def first_keys(self) -> tuple[TermKey, ...]:
        """Every pattern needs its first term: a sentence without one of these can't state it."""
        return tuple(keys[0] for keys in self.keys if keys)


@dataclass(frozen=True)
class MisconceptionIndex:
    """Compiled entries in catalogue order, indexed by the tokens their patterns start with."""

    items: tuple[CompiledMisconception, ...]
    by_stem: dict[str, tuple[int, ...]]
    by_head: dict[str, tuple[tuple[str, int], ...]]  # first letters → (prefix, entry)

    @classmethod
    def build(cls, items: Sequence[CompiledMisconception]) -> "MisconceptionIndex":
        by_stem: dict[str, set[int]] = {}
        by_head: dict[str, set[tuple[str, int]]] = {}
        for number, item in enumerate(items):
            for key in item.first_keys:
                for stem in key.stems:
                    by_stem.setdefault(stem, set()).add(number)
                for prefix in key.prefixes:
                    by_head.setdefault(prefix[:PREFIX_MIN_CHARS], set()).add((prefix, number))
        return cls(
            tuple(items),
            {k: tuple(sorted(v)) for k, v in by_stem.items()},
            {k: tuple(sorted(v)) for k, v in by_head.items()},
        )

    def __add__(self, other: "MisconceptionIndex") -> "MisconceptionIndex":
        return MisconceptionIndex.build(self.items + other.items)

    def candidates(self, tokens: Tokens) -> set[int]:
        """The entries that could be stated in this sentence (a superset; never one too few)."""
        found: set[int] = set()
        for stem in tokens.all_stems:
            found.update(self.by_stem.get(stem, ()))
        if self.by_head:
            for head in tokens.word_heads & self.by_head.keys():
                words = [t.word for view in (tokens.raw, tokens.canon) for t in view]
                for prefix, number in self.by_head[head]:
                    if number not in found and any(w.startswith(prefix) for w in words):
                        found.add(number)
        return found

    def stated(
        self,
        sentences: Sequence[Tokens],
        clauses: Callable[[int], Sequence[Tokens]] | None = None,
    ) -> list[tuple[CompiledMisconception, int]]:
        """Each entry with the first sentence (its index) that states it, in catalogue order.
        With `clauses` (a sentence's clauses, by index), a claim must sit within one clause: a
        sentence that names the product in one clause and the property in another ("EventBridge
        fans out; the ledger needs order") states nothing wrong, and a negation in one clause
        ("needs no special handling - each local time ...") does not excuse the next."""
        where: dict[int, list[int]] = {}
        for position, tokens in enumerate(sentences):
            for number in self.candidates(tokens):
                where.setdefault(number, []).append(position)
        out = []
        for number in sorted(where):
            item = self.items[number]
            first = next(
                (
                    p
                    for p in where[number]
                    if (
                        item.stated_in(sentences[p])
                        if clauses is None
                        else item.may_state(sentences[p])
                        and any(item.stated_in(c) for c in clauses(p))
                    )
                ),
                None,
            )
            if first is not None:
                out.append((item, first))
        return out


# Where one clause ends and another begins inside a sentence: a semicolon, a spaced dash (not one
# that opens an aside about what came before: "- which ..."), or a comma before a contrasting
# conjunction. A colon is not one (notes write "Kafka: exactly once").
CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[-\u2013\u2014]+\s+(?!(?:which|that|who|where|because|so)\b)"
    r"|,\s*(?=(?:but|while|whereas|although|though)\b)",
    re.IGNORECASE,
)


def split_clauses(text: str) -> list[str]:
    return [c for c in CLAUSE_BREAK.split(text) if c.strip()]


def compile_misconceptions(
    items: Sequence[Misconception], lexicon: Lexicon = EMPTY_LEXICON
) -> tuple[CompiledMisconception, ...]:
    out = []
    for item in items:
        # Strict: a wrong claim is matched in the form its pattern was written in.
        patterns = tuple(
            tuple(compile_term(t, lexicon, strict=True) for t in terms) for terms in item.patterns
        )
        unless = tuple(compile_term(t, lexicon) for t in item.unless)
        keys = tuple(tuple(TermKey.of(term) for term in terms) for terms in patterns)
        out.append(CompiledMisconception(item, patterns, unless, keys))
    return tuple(out)
