"""A story as the answer a candidate would give: its parts verbatim, one paragraph each."""

from sim.stories.model import STAR_FIELDS, StoryFields

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


def story_answer(story: StoryFields) -> str:
    """The answer text that is graded: the fields verbatim, separated by blank lines, so every
    evidence quote a grader returns is a slice of one of the user's own fields."""
    return "\n\n".join(text for _, text in answer_parts(story))


def word_count(text: str) -> int:
    return len(text.split())


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
    for name, text in answer_parts(story):
        if needle and needle in " ".join(text.split()):
            return name
    return None
