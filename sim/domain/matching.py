"""One text-matching layer for every grader and check: normalise, tokenise, match phrases.

Key-point coverage, rubric cues, misconceptions, follow-up relevance, the story checks and the
rehearsal diff all match through here, so a spelling the layer understands (hyphen or space,
"SLOs" or "SLO", "1.25M" or "1,250,000", "DLQ" or "dead-letter queue") is understood everywhere.

Pure and deterministic: text in, tokens and spans out. Evidence is always an exact slice of the
original text, so it stays verbatim by construction."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

import snowballstemmer

# Hyphens, slashes, underscores and every Unicode dash separate words: "at-least-once" is
# "at least once", "read/write" is "read write".
_SEPARATORS = re.compile(r"[\u2010-\u2015\u2212\-_/\\]+")
# "SLOs", "DLQ's", "AZs'" → the acronym itself; only upper-case runs, so "bus" keeps its s.
_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9]{1,})(?:'s|s'|s|')(?=\W|$)")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['\u2019]s\b")
_WORD = re.compile(r"[a-z0-9$%#+]+(?:[.'][a-z0-9]+)*", re.IGNORECASE)
_SCALE_WORDS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
}
_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
# "1.25M", "1.25 million", "1,250,000", "10k" → one canonical integer-or-decimal string.
_NUMBER_WITH_SCALE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|mm|m|bn|b|thousand|millions?|billions?|trillion)\b",
    re.IGNORECASE,
)
_GROUPED_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])")
_MULTIPLIER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?[x×](?![a-z0-9])", re.IGNORECASE)
_TWICE = re.compile(r"\b(twice|double)\b(?=\s+(?:the|as|that|our|its)\b)", re.IGNORECASE)
# "four times the scrape interval", "14.4 times the sustainable rate" are multipliers, as "4x"
# is; "three times a day" counts occurrences and stays as written.
_TIMES = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?|"
    + "|".join(
        sorted((w for w in _NUMBER_WORDS if w not in ("zero", "one")), key=len, reverse=True)
    )
    + r")\s+times\b(?!\s+(?:a|an|per|each|every|in|over|out|now)\b)",
    re.IGNORECASE,
)


def _times(match: re.Match[str]) -> str:
    written = match.group(1).lower()
    return f"{_NUMBER_WORDS.get(written, written)} x"


_ASCII_DIGIT = re.compile(r"[0-9]")

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """Snowball (Porter2): 'retries' meets 'retry', 'managing' meets 'manager'."""
    return _STEMMER.stemWord(word.lower())


def _format_number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def _scale(match: re.Match[str]) -> str:
    digits, word = match.group(1).replace(",", ""), match.group(2).lower()
    return _format_number(float(digits) * _SCALE_WORDS[word])


def normalise(text: str) -> str:
    """Lower-case text in one spelling: separators as spaces, acronym plurals and possessives
    dropped, numbers in one form. The result is for matching only, never shown."""
    # Plain ASCII text skips the substitutions it cannot need (same result, a third the cost:
    # this runs for every sentence of every answer).
    plain = text.isascii()
    if not plain:
        text = unicodedata.normalize("NFKC", text)
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    if not plain or "'" in text:
        text = _POSSESSIVE.sub("", text)
    if not plain or _ASCII_DIGIT.search(text):
        text = _NUMBER_WITH_SCALE.sub(_scale, text)
        text = _GROUPED_NUMBER.sub(lambda m: m.group(0).replace(",", ""), text)
        text = _MULTIPLIER.sub(r"\1 x", text)
    lowered = text.lower()
    if not plain or "twice" in lowered or "double" in lowered:
        text = _TWICE.sub("2 x", text)
        lowered = text.lower()
    if " times" in lowered:
        text = _TIMES.sub(_times, text)
        lowered = text.lower()
    return _SEPARATORS.sub(" ", lowered)


class Token(NamedTuple):
    """A named tuple, not a dataclass: an answer makes thousands of them per grade."""

    word: str  # normalised word, or a lexicon concept such as "@dlq"
    stem: str


@lru_cache(maxsize=131072)
def _token(written: str) -> Token | None:
    """One word as the matcher reads it (number words as digits, stemmed); cached, since an
    answer repeats most of its words."""
    word = written.strip(".'")
    if not word:
        return None
    number = _NUMBER_WORDS.get(word)
    if number is not None:
        word = str(number)
    return Token(word, stem(word) if word.isalpha() else word)


def _raw_tokens(text: str) -> list[Token]:
    tokens = map(_token, _WORD.findall(normalise(text)))
    return [t for t in tokens if t is not None]


@dataclass(frozen=True)
class Lexicon:
    """Synonym groups from a data file: every variant of a group becomes its concept token, so
    'dead letter queue', 'DLQ' and 'dead-letter queues' are one thing to every matcher."""

    groups: tuple[tuple[str, ...], ...] = ()
    _index: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict, repr=False)
    # Phrases already read through this lexicon (the data files' patterns, kept in the data
    # cache), by text: compile_term takes their alternatives instead of reading them again.
    # Never part of equality.
    phrases: dict[str, tuple["Tokens", ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def build(cls, groups: Iterable[Sequence[str]]) -> "Lexicon":
        frozen = tuple(tuple(g) for g in groups if g)
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group in frozen:
            concept = "@" + "_".join(t.stem for t in _raw_tokens(group[0]))
            for variant in group:
                seq = tuple(t.stem for t in _raw_tokens(variant))
                if seq:
                    index.setdefault(seq[0], []).append((seq, concept))
        for options in index.values():
            options.sort(key=lambda item: -len(item[0]))  # longest variant wins
        return cls(frozen, index)

    def canonical(self, tokens: list[Token]) -> list[Token]:
        if not self._index:
            return tokens
        index = self._index
        # Most sentences name no lexicon concept: then the tokens are their own canon.
        if not any(t.stem in index for t in tokens):
            return tokens
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            for seq, concept in self._index.get(tokens[i].stem, ()):
                if tuple(t.stem for t in tokens[i : i + len(seq)]) == seq:
                    out.append(Token(concept, concept))
                    i += len(seq)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


EMPTY_LEXICON = Lexicon()


@dataclass(frozen=True)
class Tokens:
    """A text's tokens twice: as written (for truncated aliases such as "identit") and with
    lexicon concepts substituted (for synonyms). A term matches if it matches either view."""

    raw: tuple[Token, ...]
    canon: tuple[Token, ...]

    @cached_property
    def raw_stems(self) -> tuple[str, ...]:
        return tuple(t.stem for t in self.raw)

    @cached_property
    def canon_stems(self) -> tuple[str, ...]:
        return self.raw_stems if self.canon is self.raw else tuple(t.stem for t in self.canon)

    @cached_property
    def all_stems(self) -> frozenset[str]:
        """Every stem of both views, for quick "could this match at all" tests."""
        stems = frozenset(self.raw_stems)
        return stems if self.canon is self.raw else stems.union(self.canon_stems)

    @cached_property
    def raw_heads(self) -> frozenset[str]:
        return frozenset(t.word[:PREFIX_MIN_CHARS] for t in self.raw)

    @cached_property
    def word_heads(self) -> frozenset[str]:
        """The first PREFIX_MIN_CHARS letters of every word: where a truncated alias could match."""
        if self.canon is self.raw:
            return self.raw_heads
        return self.raw_heads.union(t.word[:PREFIX_MIN_CHARS] for t in self.canon)

    @cached_property
    def canon_at(self) -> "Positions":
        return Positions.of(self.canon)

    @cached_property
    def raw_at(self) -> "Positions":
        return Positions.of(self.raw)


@dataclass(frozen=True)
class Positions:
    """Where each stem and each word head sits in one view of a text, built once per sentence:
    a phrase is looked up by its first token instead of scanning every position."""

    by_stem: dict[str, tuple[int, ...]]
    by_head: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, view: Sequence[Token]) -> "Positions":
        stems: dict[str, list[int]] = {}
        heads: dict[str, list[int]] = {}
        for i, token in enumerate(view):
            stems.setdefault(token.stem, []).append(i)
            heads.setdefault(token.word[:PREFIX_MIN_CHARS], []).append(i)
        return cls({k: tuple(v) for k, v in stems.items()}, {k: tuple(v) for k, v in heads.items()})


def analyse(text: str, lexicon: Lexicon = EMPTY_LEXICON) -> Tokens:
    raw = _raw_tokens(text)
    canon = lexicon.canonical(raw)
    written = tuple(raw)
    # No concept substituted: one tuple for both views, so matchers can scan it once.
    return Tokens(written, written if canon is raw else tuple(canon))


# A truncated alias word ("autoscal", "identit", "deprecat") matches any word it starts.
PREFIX_MIN_CHARS = 5


@dataclass(frozen=True)
class Term:
    """A phrase to look for: alternatives, each a token sequence in both views."""

    text: str
    alternatives: tuple[Tokens, ...]
    # A word written in its "-ed" form ("ordered", "encrypted") means that form: it does not
    # match the bare noun or verb ("order placed" events are not "ordered" delivery).
    strict: bool = False


def compile_term(text: str, lexicon: Lexicon = EMPTY_LEXICON, strict: bool = False) -> Term:
    """'exactly once|exactly-once delivery' → two alternatives; each normalised like an answer."""
    alternatives = lexicon.phrases.get(text)  # read already (from the data cache), else now
    if alternatives is None:
        alternatives = tuple(analyse(alt, lexicon) for alt in text.split("|") if alt.strip())
    return Term(text, alternatives, strict)


def _same_form(wanted: Token, got: Token) -> bool:
    """For strict terms: an "-ed" word is not met by its bare stem or that stem's plural."""
    if not (wanted.word.endswith("ed") and wanted.word != wanted.stem and wanted.word.isalpha()):
        return True
    return got.word not in (wanted.stem, wanted.stem + "s", wanted.stem + "es")


def _token_matches(wanted: Token, got: Token, last: bool) -> bool:
    if wanted.stem == got.stem:
        return True
    # The alias was written truncated on purpose; an answer's word that starts with it matches.
    return (
        last
        and len(wanted.word) >= PREFIX_MIN_CHARS
        and wanted.word.isalpha()
        and got.word.startswith(wanted.word)
    )


def _find_seq(
    tokens: Sequence[Token], at: Positions, seq: Sequence[Token], strict: bool = False
) -> tuple[int, int] | None:
    """The first span of `tokens` that matches `seq` (the first token through the positions
    index; a lone truncated word also as a word prefix), or None."""
    n = len(seq)
    if not n:
        return None
    first = seq[0]
    starts = at.by_stem.get(first.stem, ())
    if n == 1 and len(first.word) >= PREFIX_MIN_CHARS and first.word.isalpha():
        by_prefix = [
            i
            for i in at.by_head.get(first.word[:PREFIX_MIN_CHARS], ())
            if tokens[i].word.startswith(first.word)
        ]
        if by_prefix:
            starts = sorted({*starts, *by_prefix})
    last = len(tokens) - n
    for i in starts:
        if i > last:
            break
        if all(_token_matches(seq[j], tokens[i + j], j == n - 1) for j in range(1, n)):
            if strict and not all(_same_form(seq[j], tokens[i + j]) for j in range(n)):
                continue
            return i, i + n
    return None


def find_term(tokens: Tokens, term: Term) -> tuple[str, int, int] | None:
    """Which view matched and the first (start, end) token span of any alternative."""
    for alt in term.alternatives:
        span = _find_seq(tokens.canon, tokens.canon_at, alt.canon, term.strict)
        if span:
            return "canon", *span
        span = _find_seq(tokens.raw, tokens.raw_at, alt.raw, term.strict)
        if span:
            return "raw", *span
    return None


# Words that turn a claim around when they sit just before or among its terms.
_NEGATION_WORDS = """not no never nor neither without isnt arent doesnt dont didnt wont cannot cant
shouldnt wouldnt nothing none myth misconception contrary wrong false mistaken instead rather
unlike avoid avoids"""
NEGATIONS = frozenset(_NEGATION_WORDS.split())
NEGATION_WINDOW = 3  # tokens before the first term that can negate it


def _negated(tokens: Sequence[Token], start: int, end: int) -> bool:
    lo = max(0, start - NEGATION_WINDOW)
    return any(t.word.replace("'", "") in NEGATIONS for t in tokens[lo:end])


def asserts(tokens: Tokens, terms: Sequence[Term], unless: Sequence[Term] = ()) -> bool:
    """The sentence states every term, not negated near them, and names no correcting term."""
    if not terms:
        return False
    spans = []
    for term in terms:  # stop at the first missing term: most sentences miss most patterns
        span = find_term(tokens, term)
        if span is None:
            return False
        spans.append(span)
    views = {span[0] for span in spans if span}
    if len(views) == 1:
        view = tokens.canon if "canon" in views else tokens.raw
        start = min(span[1] for span in spans if span)
        end = max(span[2] for span in spans if span)
    else:  # spans from both views: judge negation over the whole written sentence
        view, start, end = tokens.raw, 0, len(tokens.raw)
    if _negated(view, start, end):
        return False
    return not any(find_term(tokens, term) is not None for term in unless)


@dataclass(frozen=True)
class CueSet:
    """Many phrases matched in one pass: indexed by first stem, so a sentence is scanned once
    however many cues a signal has (the rubric's signals use hundreds)."""

    name: str
    by_first: dict[str, tuple[tuple[str, ...], ...]]  # first stem → stem sequences (both views)
    prefixes: tuple[str, ...]  # truncated single words ("autoscal") matched as word prefixes

    @classmethod
    def build(cls, name: str, phrases: Iterable[str], lexicon: Lexicon = EMPTY_LEXICON) -> "CueSet":
        index: dict[str, set[tuple[str, ...]]] = {}
        prefixes: set[str] = set()
        for phrase in phrases:
            term = compile_term(phrase, lexicon)
            for alt in term.alternatives:
                for view in (alt.canon, alt.raw):
                    seq = tuple(t.stem for t in view)
                    if seq:
                        index.setdefault(seq[0], set()).add(seq)
                single = alt.raw[0].word if len(alt.raw) == 1 else ""
                if len(single) >= PREFIX_MIN_CHARS and single.isalpha():
                    prefixes.add(single)
        frozen = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}
        return cls(name, frozen, tuple(sorted(prefixes)))

    def _in(self, stems: Sequence[str]) -> bool:
        for i, first in enumerate(stems):
            for seq in self.by_first.get(first, ()):
                if tuple(stems[i : i + len(seq)]) == seq:
                    return True
        return False

    def phrases_in(self, tokens: Tokens) -> list[str]:
        """The text's words that matched a cue, as written, each once (for showing what was
        found, e.g. "teams", "design doc")."""
        found: list[str] = []
        for view in (tokens.raw, tokens.canon):
            stems = [t.stem for t in view]
            for i, first in enumerate(stems):
                for seq in self.by_first.get(first, ()):
                    if tuple(stems[i : i + len(seq)]) == seq:
                        words = [t.word for t in view[i : i + len(seq)]]
                        if not any(w.startswith("@") for w in words):
                            found.append(" ".join(words))
                        break
        found += [t.word for t in tokens.raw if self.prefixes and t.word.startswith(self.prefixes)]
        return list(dict.fromkeys(found))

    def found_in(self, tokens: Tokens) -> bool:
        if self._in(tokens.canon_stems) or self._in(tokens.raw_stems):
            return True
        return bool(self.prefixes) and any(
            t.word.startswith(self.prefixes) for t in tokens.raw if t.word.isalpha()
        )


@dataclass(frozen=True)
class CueIndex:
    """Several named cue sets scanned together: one pass over a sentence says which of them it
    shows. Same matching as CueSet (both views, truncated words as prefixes). One-word cues are
    a set lookup of the sentence's stems; only phrases are checked position by position."""

    singles: dict[str, frozenset[str]]  # stem → names of the sets with that one-word cue
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first stem → (stems, name)
    by_prefix_head: dict[str, tuple[tuple[str, str], ...]]  # first 5 letters → (prefix, name)

    @classmethod
    def build(cls, sets: Iterable[CueSet]) -> "CueIndex":
        singles: dict[str, set[str]] = {}
        phrases: dict[str, set[tuple[tuple[str, ...], str]]] = {}
        heads: dict[str, set[tuple[str, str]]] = {}
        for cue_set in sets:
            for first, seqs in cue_set.by_first.items():
                for seq in seqs:
                    if len(seq) == 1:
                        singles.setdefault(first, set()).add(cue_set.name)
                    else:
                        phrases.setdefault(first, set()).add((seq, cue_set.name))
            for prefix in cue_set.prefixes:
                heads.setdefault(prefix[:PREFIX_MIN_CHARS], set()).add((prefix, cue_set.name))
        return cls(
            {k: frozenset(v) for k, v in singles.items()},
            {k: tuple(sorted(v)) for k, v in phrases.items()},
            {k: tuple(sorted(v)) for k, v in heads.items()},
        )

    def _scan(self, stems: Sequence[str], found: set[str]) -> None:
        phrases = self.phrases
        for i, first in enumerate(stems):
            if first in phrases:
                for seq, name in phrases[first]:
                    if name not in found and tuple(stems[i : i + len(seq)]) == seq:
                        found.add(name)

    def names_in(self, tokens: Tokens) -> frozenset[str]:
        found: set[str] = set()
        for stem in tokens.all_stems & self.singles.keys():
            found |= self.singles[stem]
        if self.phrases:
            self._scan(tokens.raw_stems, found)
            if tokens.canon is not tokens.raw:
                self._scan(tokens.canon_stems, found)
        if self.by_prefix_head and not tokens.raw_heads.isdisjoint(self.by_prefix_head):
            for token in tokens.raw:
                for prefix, name in self.by_prefix_head.get(token.word[:PREFIX_MIN_CHARS], ()):
                    if name not in found and token.word.startswith(prefix):
                        found.add(name)
        return frozenset(found)
