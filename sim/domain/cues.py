"""Word patterns shared by the offline grader and the story checks: who did it ("I" or "we")."""

import re

FIRST_PERSON_SINGULAR = re.compile(r"\b(i|i'm|i've|i'd|i'll|my|me|myself)\b", re.IGNORECASE)
FIRST_PERSON_PLURAL = re.compile(
    r"\b(we|we're|we've|we'd|we'll|our|ours|us|the team)\b", re.IGNORECASE
)

# Both in one scan: the alternatives are whole words that never overlap, so the counts are the
# two patterns' counts.
_FIRST_PERSON = re.compile(
    r"\b(?:(i|i'm|i've|i'd|i'll|my|me|myself)|(we|we're|we've|we'd|we'll|our|ours|us|the team))\b",
    re.IGNORECASE,
)


def first_person_counts(text: str) -> tuple[int, int]:
    """How often a sentence says "I" (or my, me) and "we" (or our, us, the team)."""
    singular = plural = 0
    for mine, ours in _FIRST_PERSON.findall(text):
        if mine:
            singular += 1
        elif ours:
            plural += 1
    return singular, plural
