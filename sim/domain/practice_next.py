"""What to practise after a round: bank questions that exercise its weakest dimension (a follow-up
aimed at it) and its weakest topic, leaving out what the candidate answered recently."""

from collections.abc import Sequence
from dataclasses import dataclass

from sim.domain.questions import Question
from sim.domain.types import Dimension, Kind

OPENING_WORDS = 8


@dataclass(frozen=True)
class PracticeSuggestion:
    question_id: str
    opening: str  # the prompt's first words
    reason: str


def opening(prompt: str, words: int = OPENING_WORDS) -> str:
    parts = prompt.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def weakest_topic(scored: Sequence[tuple[str, float | None]]) -> str | None:
    """The topic of the lowest-scoring answer (an ungraded one counts lowest); first on a tie."""
    if not scored:
        return None
    return min(scored, key=lambda pair: -1.0 if pair[1] is None else pair[1])[0]


def practice_next(
    questions: Sequence[Question],
    *,
    dimension: Dimension,
    dimension_title: str,
    topic: str | None,
    topic_title: str,
    kinds: set[Kind],
    exclude: set[str],
    limit: int,
) -> list[PracticeSuggestion]:
    """Questions probing the dimension in the topic first, then either one; the round's own kinds
    before others; by id for a stable order (the same report every time it is opened)."""

    def aims(q: Question) -> bool:
        return any(f.dimension is dimension for f in q.follow_ups)

    candidates = [q for q in questions if q.id not in exclude and (aims(q) or q.topic == topic)]
    candidates.sort(key=lambda q: (not aims(q), q.topic != topic, q.kind not in kinds, q.id))
    suggestions = []
    for q in candidates[:limit]:
        why = [f"probes {dimension_title.lower()}"] if aims(q) else []
        if q.topic == topic:
            why.append(f"same topic ({topic_title})")
        suggestions.append(PracticeSuggestion(q.id, opening(q.prompt), "; ".join(why)))
    return suggestions
