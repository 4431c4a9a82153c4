"""Text analysis for the offline grader: sentences with their exact spans, stems, phrase matching.

Everything here is pure and deterministic. Evidence is always a slice of the original answer, so it
is verbatim by construction."""

import re
from dataclasses import dataclass
from functools import lru_cache

from sim.domain.matching import stem as _domain_stem

_WORD = re.compile(r"[a-z0-9$%][a-z0-9$%'+/.-]*[a-z0-9%]|[a-z0-9$%]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*-])|\n\s*\n|\n\s*(?=[-*•]|\d+[.)]\s)|\n")

# Function words: real prose has them, a keyword salad has almost none.
STOPWORDS = frozenset(
    """
    a an the to of and or but is are was were be been being it its this that these those for
    with on in at by from as we i you they he she our my your their us me them not no so if
    then than when while which who what how why will would should could can may might must do
    does did have has had into onto over under about after before because since until also only
    just each every all any some more most much many very
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """The matching layer's Snowball stem, after the trailing dots and quotes words() keeps."""
    return _domain_stem(word.lower().strip(".'"))


def words(text: str) -> list[str]:
    return [m.group(0).lower().rstrip(".") for m in _WORD.finditer(text)]


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


@dataclass(frozen=True)
class Sentence:
    text: str  # exact slice of the answer
    start: int
    stems: tuple[str, ...]
    joined: str  # " stem stem stem " for fast phrase search
    word_count: int
    stopword_share: float
    words: tuple[str, ...] = ()  # lower-case, as words() reads them

    @property
    def lower(self) -> str:
        return self.text.lower()


# A piece that is only a list number ("1.") or ends in an abbreviation ("e.g.", "vs.") does not
# end a sentence: it joins the piece after it.
_NOT_AN_END = re.compile(
    r"(?:^\d{1,2}[.)]|(?<![\w.])(?:e\.g|i\.e|vs|cf|approx|incl)\.)$", re.IGNORECASE
)


def _pieces(answer: str) -> list[tuple[int, int]]:
    """(start, end) of each piece between sentence ends, list numbers and abbreviations joined
    to what follows them on the same line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in _SENTENCE_END.finditer(answer):
        spans.append((start, end.start()))
        start = end.end()
    spans.append((start, len(answer)))
    joined: list[tuple[int, int]] = []
    carry: int | None = None
    for index, (begin, finish) in enumerate(spans):
        begin = begin if carry is None else carry
        carry = None
        last = index == len(spans) - 1
        same_line = not last and "\n" not in answer[finish : spans[index + 1][0]]
        if same_line and _NOT_AN_END.search(answer[begin:finish].strip()):
            carry = begin
            continue
        joined.append((begin, finish))
    return joined


def split_sentences(answer: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for idx, finish in _pieces(answer):
        piece = answer[idx:finish]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = idx + piece.index(stripped)
        ws = words(stripped)
        if not ws:
            continue
        share = sum(1 for w in ws if w in STOPWORDS) / len(ws)
        sentence_stems = tuple(stem(w) for w in ws)
        joined = " " + " ".join(sentence_stems) + " "
        sentences.append(
            Sentence(stripped, offset, sentence_stems, joined, len(ws), share, tuple(ws))
        )
    return sentences


def trim_quote(sentence: Sentence, limit: int = 220) -> str:
    """Long sentences are cut on a word boundary; the result stays a verbatim slice."""
    if len(sentence.text) <= limit:
        return sentence.text
    cut = sentence.text.rfind(" ", 0, limit)
    return sentence.text[: cut if cut > 40 else limit].rstrip(" ,;:")
