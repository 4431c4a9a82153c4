"""Rewriting a STAR story into "we" with its numbers cut out (the we_no_numbers variant)."""

from __future__ import annotations

import re

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
