"""A story as the answer a candidate would give: its parts verbatim, one paragraph each."""

from sim.domain.stories import STAR_FIELDS, StoryFields

WORDS_PER_MIN = 140  # typical interview speaking pace
TARGET_MIN_S = 120  # a told story should take 2-3 minutes
TARGET_MAX_S = 180


def answer_parts(story: StoryFields) -> list[tuple[str, str]]:
    """(field, text) for every non-empty narrative part in telling order; the metrics line goes
    with the result, because that is where a candidate says the numbers."""
    parts: list[tuple[str, str]] = []
    for name, _ in STAR_FIELDS:
        text = getattr(story, name)
        if name == "lesson" and story.metrics:
            parts.append(("metrics", story.metrics))
        if text:
            parts.append((name, text))
    return parts


# The four STAR parts are labelled in the graded text: the user wrote them as separate parts, and
# an interviewer hears them as such. The lesson is not labelled, so a label alone never earns
# reflection credit; the metrics line is not labelled either.
_LABELS = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


def story_answer(story: StoryFields) -> str:
    """The answer text that is graded: one paragraph per part, the field's text verbatim after
    its STAR label, so every evidence quote a grader returns comes from the user's own words."""
    return "\n\n".join(
        f"{_LABELS[name]}: {text}" if name in _LABELS else text
        for name, text in answer_parts(story)
    )


def word_count(text: str) -> int:
    return len(text.split())


def story_words(story: StoryFields) -> int:
    """Words a candidate says telling the story (its parts, without the STAR labels)."""
    return sum(word_count(text) for _, text in answer_parts(story))


def speaking_seconds(words: int) -> int:
    """Estimated time to say this many words out loud at WORDS_PER_MIN."""
    return round(words * 60 / WORDS_PER_MIN)


def format_duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def timing_note(words: int) -> str:
    """'312 words · ~2:14 spoken · within the 2-3 min target' and the like."""
    seconds = speaking_seconds(words)
    if seconds < TARGET_MIN_S:
        verdict = "under the 2-3 min target"
    elif seconds > TARGET_MAX_S:
        verdict = "over the 2-3 min target"
    else:
        verdict = "within the 2-3 min target"
    return f"{words} words · ~{format_duration(seconds)} spoken at {WORDS_PER_MIN} wpm · {verdict}"


def field_of(story: StoryFields, quote: str) -> str | None:
    """Which field a (verbatim) evidence quote came from."""
    needle = " ".join(quote.split())
    for label in _LABELS.values():
        needle = needle.removeprefix(f"{label}: ")
    for name, text in answer_parts(story):
        if needle and needle in " ".join(text.split()):
            return name
    return None
