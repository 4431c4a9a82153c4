"""Told versus written: which sentences of the written story were dropped, which were added, and
which numbers and STAR parts got lost on the way. difflib on sentences, pure."""

from difflib import SequenceMatcher

from pydantic import BaseModel

from sim import catalog
from sim.domain.matching import analyse, normalise
from sim.domain.stories import StoryFields
from sim.domain.text import split_sentences
from sim.stories.checks import numbers_in
from sim.stories.text import answer_parts, speaking_seconds, story_answer, story_words, word_count

REWORDED_RATIO = 0.6  # word-level similarity at which a told sentence still says a written one


class Dropped(BaseModel):
    text: str
    field: str  # situation, task, action, result, metrics, lesson


class RehearsalDiff(BaseModel):
    written_sentences: int
    told_sentences: int
    kept: int  # said (nearly) as written
    reworded: list[tuple[str, str]]  # (written, told)
    dropped: list[Dropped]
    added: list[str]
    dropped_numbers: list[str]
    dropped_parts: list[str]  # parts none of whose sentences were told
    written_words: int
    told_words: int
    told_speaking_s: int

    @property
    def kept_share(self) -> float:
        said = self.kept + len(self.reworded)
        return round(said / self.written_sentences, 2) if self.written_sentences else 0.0


def _norm(text: str) -> tuple[str, ...]:
    """Through the matching layer: "at-least-once" says "at least once", "DLQ" says
    "dead-letter queue", "1.25M" says "1,250,000"."""
    return tuple(t.stem for t in analyse(text, catalog.lexicon()).canon)


def _number_key(number: str) -> str:
    return normalise(number).replace(" ", "")


def _ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _written_sentences(story: StoryFields) -> list[tuple[str, str]]:
    return [
        (field, sentence.text)
        for field, text in answer_parts(story)
        for sentence in split_sentences(text)
    ]


def _pair_up(
    dropped: list[tuple[str, str]], added: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """Match leftover written and told sentences that say the same thing in other words (or in
    another place): best pairs first."""
    pairs = sorted(
        (
            (_ratio(_norm(w[1]), _norm(t)), wi, ti)
            for wi, w in enumerate(dropped)
            for ti, t in enumerate(added)
        ),
        reverse=True,
    )
    used_w: set[int] = set()
    used_t: set[int] = set()
    reworded: list[tuple[int, int]] = []
    for ratio, wi, ti in pairs:
        if ratio < REWORDED_RATIO:
            break
        if wi in used_w or ti in used_t:
            continue
        used_w.add(wi)
        used_t.add(ti)
        reworded.append((wi, ti))
    reworded.sort()
    return (
        [(dropped[wi][1], added[ti]) for wi, ti in reworded],
        [w for i, w in enumerate(dropped) if i not in used_w],
        [t for i, t in enumerate(added) if i not in used_t],
    )


def compare(story: StoryFields, told: str) -> RehearsalDiff:
    """Sentence diff of the told version against the written story."""
    written = _written_sentences(story)
    told_sentences = [s.text for s in split_sentences(told)]
    matcher = SequenceMatcher(
        None, [_norm(t) for _, t in written], [_norm(t) for t in told_sentences], autojunk=False
    )
    kept = 0
    dropped: list[tuple[str, str]] = []
    added: list[str] = []
    for op, w1, w2, t1, t2 in matcher.get_opcodes():
        if op == "equal":
            kept += w2 - w1
            continue
        dropped.extend(written[w1:w2])
        added.extend(told_sentences[t1:t2])
    reworded, still_dropped, still_added = _pair_up(dropped, added)
    told_numbers = {_number_key(n) for n in numbers_in(told)}
    written_text = story_answer(story)
    lost = set(still_dropped)
    said_fields = {f for f, t in written if (f, t) not in lost}
    told_words = word_count(told)
    return RehearsalDiff(
        written_sentences=len(written),
        told_sentences=len(told_sentences),
        kept=kept,
        reworded=reworded,
        dropped=[Dropped(text=t, field=f) for f, t in still_dropped],
        added=still_added,
        dropped_numbers=[n for n in numbers_in(written_text) if _number_key(n) not in told_numbers],
        dropped_parts=[f for f, _ in answer_parts(story) if f not in said_fields],
        written_words=story_words(story),
        told_words=told_words,
        told_speaking_s=speaking_seconds(told_words),
    )
