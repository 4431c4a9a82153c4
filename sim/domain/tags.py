"""The tag vocabulary (question_bank/tags.yaml) and the check that every question uses it."""

from collections import Counter

from pydantic import Field, field_validator

from sim.domain.questions import _ID_PATTERN, Question, Strict


class Tag(Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=3)


class TagFile(Strict):
    tags: list[Tag] = Field(min_length=1)

    @field_validator("tags")
    @classmethod
    def _ids_unique(cls, tags: list[Tag]) -> list[Tag]:
        duplicates = sorted(i for i, n in Counter(t.id for t in tags).items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate tag id: {', '.join(duplicates)}")
        return tags


def unknown_tag_problems(
    questions: list[tuple[Question, int]], vocabulary: set[str], topics: set[str]
) -> list[str]:
    """One line per unknown tag: a tag is an id from the vocabulary or a topic id."""
    known = vocabulary | topics
    return [
        f"question {q.id!r}: field questions[{index}].tags: unknown tag {tag!r}"
        for q, index in questions
        for tag in q.tags
        if tag not in known
    ]
