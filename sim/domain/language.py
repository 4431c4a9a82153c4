"""Can the offline grader read this answer? English function words tell English prose and notes
from another language, and known words tell notes from gibberish."""

from dataclasses import dataclass

from sim.domain.text import STOPWORDS

# The most frequent function words of languages candidates often answer in. A word that is also
# English ("a", "in", "so", "die") is left out so it cannot tip the balance.
_FOREIGN_FUNCTION_WORDS = frozenset(
    """
    de la que el los las por con para una del se lo como pero sus muy esta este cuando sobre
    también entre porque donde puede hay ser está son mientras cada según sin nuestra nuestro
    der das und ist nicht mit für von zu den dem ein eine auf sich wir ich auch wird werden
    oder aber wenn dass noch nach bei durch wie sind unsere unser kann muss diese dieser zum zur
    les des est une pour dans pas qui sur avec mais nous ou très sont aux cette leur
    il della che di per non sono questo questa anche nel alla gli delle
    não uma com os mais pelo pela são também nosso nossa
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
MIN_WORDS_TO_DECIDE = 30
# Prose has ~40% English function words and terse notes still ~8%; other languages have ~0-3%.
MIN_ENGLISH_SHARE = 0.06
MIN_KNOWN_SHARE = 0.35  # of words either English function words or in the bank's vocabulary


@dataclass(frozen=True)
class Readability:
    readable: bool
    reason: str = ""


UNREADABLE_MESSAGE = (
    "Not enough evidence — the offline grader reads English; configure an LLM for other languages."
)


def readability(words: list[str], vocabulary_words: int | None = None) -> Readability:
    """Words are lower-case; vocabulary_words (optional) counts those the bank's vocabulary
    knows, which tells terse English notes from gibberish."""
    if len(words) < MIN_WORDS_TO_DECIDE:
        return Readability(True)
    english = sum(1 for w in words if w in STOPWORDS)
    foreign = sum(1 for w in words if w in _FOREIGN_FUNCTION_WORDS)
    if foreign > english and foreign >= 0.05 * len(words):
        return Readability(False, "the answer reads as another language")
    sparse = english < MIN_ENGLISH_SHARE * len(words) and vocabulary_words is not None
    if sparse and english + (vocabulary_words or 0) < MIN_KNOWN_SHARE * len(words):
        return Readability(False, "too few recognisable English words")
    return Readability(True)
