"""Known wrong claims, found in an answer's sentences through the matching layer."""

from collections.abc import Sequence
from dataclasses import dataclass

from sim.domain.matching import EMPTY_LEXICON, Lexicon, Term, Tokens, asserts, compile_term
from sim.domain.questions import Misconception


@dataclass(frozen=True)
class CompiledMisconception:
    misconception: Misconception
    patterns: tuple[tuple[Term, ...], ...]
    unless: tuple[Term, ...]

    def stated_in(self, tokens: Tokens) -> bool:
        """Some pattern's terms are asserted together in these tokens (one sentence)."""
        return any(asserts(tokens, terms, self.unless) for terms in self.patterns)


def compile_misconceptions(
    items: Sequence[Misconception], lexicon: Lexicon = EMPTY_LEXICON
) -> tuple[CompiledMisconception, ...]:
    return tuple(
        CompiledMisconception(
            item,
            tuple(tuple(compile_term(t, lexicon) for t in terms) for terms in item.patterns),
            tuple(compile_term(t, lexicon) for t in item.unless),
        )
        for item in items
    )
