"""Known wrong claims, found in an answer's sentences through the matching layer."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

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
class CompiledMisconception:
    misconception: Misconception
    patterns: tuple[tuple[Term, ...], ...]
    unless: tuple[Term, ...]
    # Every pattern needs its first term, and a term needs its first token: a set lookup rules
    # most sentences out before the negation-aware check (grading cost of a bank-wide catalogue).
    first_stems: frozenset[str]
    first_prefixes: tuple[str, ...]

    def stated_in(self, tokens: Tokens) -> bool:
        """Some pattern's terms are asserted together in these tokens (one sentence)."""
        if not self._may_state(tokens):
            return False
        return any(asserts(tokens, terms, self.unless) for terms in self.patterns)

    def _may_state(self, tokens: Tokens) -> bool:
        if not self.first_stems.isdisjoint(tokens.all_stems):
            return True
        if not self.first_prefixes or self.first_heads.isdisjoint(tokens.word_heads):
            return False
        return any(
            t.word.startswith(self.first_prefixes)
            for view in (tokens.raw, tokens.canon)
            for t in view
        )

    @cached_property
    def first_heads(self) -> frozenset[str]:
        return frozenset(p[:PREFIX_MIN_CHARS] for p in self.first_prefixes)


def _first_tokens(patterns: tuple[tuple[Term, ...], ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The tokens a sentence must hold for any pattern to match: each pattern's first term's
    first token, in either view (a single truncated word also as a prefix, as the matcher does)."""
    stems: set[str] = set()
    prefixes: set[str] = set()
    for terms in patterns:
        for alt in terms[0].alternatives:
            for view in (alt.raw, alt.canon):
                if not view:
                    continue
                stems.add(view[0].stem)
                word = view[0].word
                if len(view) == 1 and len(word) >= PREFIX_MIN_CHARS and word.isalpha():
                    prefixes.add(word)
    return frozenset(stems), tuple(sorted(prefixes))


def compile_misconceptions(
    items: Sequence[Misconception], lexicon: Lexicon = EMPTY_LEXICON
) -> tuple[CompiledMisconception, ...]:
    out = []
    for item in items:
        patterns = tuple(tuple(compile_term(t, lexicon) for t in terms) for terms in item.patterns)
        unless = tuple(compile_term(t, lexicon) for t in item.unless)
        out.append(CompiledMisconception(item, patterns, unless, *_first_tokens(patterns)))
    return tuple(out)
