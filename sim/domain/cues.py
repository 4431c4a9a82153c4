"""Word patterns shared by the offline grader and the story checks: who did it ("I" or "we")."""

import re

FIRST_PERSON_SINGULAR = re.compile(r"\b(i|i'm|i've|i'd|i'll|my|me|myself)\b", re.IGNORECASE)
FIRST_PERSON_PLURAL = re.compile(
    r"\b(we|we're|we've|we'd|we'll|our|ours|us|the team)\b", re.IGNORECASE
)
