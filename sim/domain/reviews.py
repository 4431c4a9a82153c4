"""Spaced repetition of answered questions with the maintained `fsrs` library (FSRS-6).

Every graded answer is a review of its question's card. The grade's overall (the mean rubric
level, 1-4) becomes a rating on the rubric's own signal bands (rubrics/staff.yaml), so the
schedule follows the same bar the feedback states:

    overall < 2.0  (below bar) or no overall  -> Again  (weak answer: back tomorrow)
    overall < 2.75 (senior)                   -> Hard
    overall < 3.5  (staff)                    -> Good
    otherwise      (strong staff)             -> Easy

"Not enough evidence" counts as Again: nothing showed the question is known.

The scheduler is FSRS with its default parameters and desired retention, but day-sized learning
steps: an interview answer is rehearsed again tomorrow, not in ten minutes as a flashcard would
be. Fuzzing is off so a review's due date is reproducible (and checked against the library in
tests); decks here are a few hundred cards, too small for fuzz to matter."""

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

# The rubric's signal bands (rubrics/staff.yaml; tests/test_plans.py checks they still match).
SENIOR_BAR, STAFF_BAR, STRONG_STAFF_BAR = 2.0, 2.75, 3.5
RATING_BANDS: tuple[tuple[float, Rating], ...] = (
    (SENIOR_BAR, Rating.Again),
    (STAFF_BAR, Rating.Hard),
    (STRONG_STAFF_BAR, Rating.Good),
)
LEARNING_STEPS = (timedelta(days=1),)
RELEARNING_STEPS = (timedelta(days=1),)
RATING_LABELS = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


def scheduler() -> Scheduler:
    return Scheduler(
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )


def rating_for(overall: float | None) -> Rating:
    if overall is None:
        return Rating.Again
    for upper, rating in RATING_BANDS:
        if overall < upper:
            return rating
    return Rating.Easy


def card_id_for(question_id: str) -> int:
    """A stable card id per question (the library wants an int)."""
    return zlib.crc32(question_id.encode("utf-8"))


@dataclass(frozen=True)
class Reviewed:
    card_json: str
    due: datetime
    rating: Rating
    reviewed_at: datetime
    log_json: str
    state: int
    stability: float | None


def review(
    question_id: str, card_json: str | None, overall: float | None, at: datetime
) -> Reviewed:
    """The card after one answer graded `overall` at `at` (a new card when none is stored).
    A review older than the card's last one (a late grade of an old answer) is taken as made
    just after it, so the card's history never runs backwards."""
    card = Card.from_json(card_json) if card_json else Card(card_id=card_id_for(question_id))
    if card.last_review is not None and at < card.last_review:
        at = card.last_review
    rating = rating_for(overall)
    card, log = scheduler().review_card(card, rating, review_datetime=at)
    return Reviewed(
        card_json=card.to_json(),
        due=card.due,
        rating=rating,
        reviewed_at=at,
        log_json=json.dumps(log.to_dict()),
        state=int(card.state),
        stability=card.stability,
    )
