"""The lexicon with the phrases the offline grader compiles at start-up, as a plain model for the
data cache (JSON through pydantic, never pickle).

Reading the bank-wide misconception patterns through the matching layer (normalise, tokenise,
stem, substitute concepts) was the largest part of a short command's start-up; the snapshot keeps
each phrase's written tokens, and the lexicon substitutes its concepts again on load, exactly as
`compile_term` does."""

from collections.abc import Iterable

from pydantic import BaseModel

from sim.domain.matching import Lexicon, Token, Tokens, compile_term
from sim.domain.questions import Misconception

# Bump when the snapshot's shape or what it derives from changes: older entries are rebuilt.
FORMAT_VERSION = "1"

Alternative = list[str]  # a phrase alternative's written tokens: word, stem, word, stem, ...


class LexiconSnapshot(BaseModel):
    groups: list[list[str]]
    index: dict[str, list[tuple[list[str], str]]]
    terms: dict[str, list[Alternative]]

    @classmethod
    def of(cls, lexicon: Lexicon, texts: Iterable[str]) -> "LexiconSnapshot":
        terms = {}
        for text in dict.fromkeys(texts):
            term = compile_term(text, lexicon)
            terms[text] = [
                [p for t in alt.raw for p in (t.word, t.stem)] for alt in term.alternatives
            ]
        return cls(
            groups=[list(g) for g in lexicon.groups],
            index={k: [(list(seq), c) for seq, c in v] for k, v in lexicon._index.items()},
            terms=terms,
        )

    def lexicon(self) -> Lexicon:
        groups = tuple(tuple(g) for g in self.groups)
        index = {k: [(tuple(seq), c) for seq, c in v] for k, v in self.index.items()}
        plain = Lexicon(groups, index)
        phrases = {}
        for text, alternatives in self.terms.items():
            views = []
            for flat in alternatives:
                raw = [Token(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
                views.append(Tokens(tuple(raw), tuple(plain.canonical(raw))))
            phrases[text] = tuple(views)
        return Lexicon(groups, index, phrases)


def misconception_texts(items: Iterable[Misconception]) -> list[str]:
    """Every phrase a misconception is matched by (its patterns' terms and its exceptions)."""
    return [t for item in items for terms in item.patterns for t in (*terms, *item.unless)]
