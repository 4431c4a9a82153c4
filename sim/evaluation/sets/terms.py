"""Term extraction, document frequency, tf-idf ranking and de-duplication of terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from sim.evaluation.sets.markdown import WORD, strip_emphasis, words


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
IDENTIFIER = re.compile(r"[A-Za-z_][\w.-]{1,39}")
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "that", "our", "my", "your"})
NUMBERED_TERM = re.compile(r"^(step|phase|option|approach|tier|problem|example|part)\s+\w+$", re.I)
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
CLAUSE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+|[|:;()\[\],\"“”]|\s[-–—]+\s")


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
