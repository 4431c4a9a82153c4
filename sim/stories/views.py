"""Table rows for the Stories page and `sim stories`: plain dicts, computed once, shown twice."""

from collections.abc import Iterable, Mapping

from sim.domain.bank import Competency
from sim.domain.stories import StoryGradeRecord, StoryRecord
from sim.stories.coverage import CoverageMatrix
from sim.stories.text import format_duration, speaking_seconds, story_words

NONE = "— none —"


def story_rows(
    stories: Iterable[StoryRecord],
    grades: Iterable[StoryGradeRecord],
    usage: Mapping[int, int] | None = None,
) -> list[dict]:
    """One row per story with its latest grade; 'stale' when the story changed since."""
    latest = {g.story_id: g for g in sorted(grades, key=lambda g: g.id)}
    rows = []
    for story in stories:
        grade = latest.get(story.id)
        words = story_words(story)
        rows.append(
            {
                "id": story.id,
                "title": story.title,
                "tags": story.tags,
                "words": words,
                "speaking_s": speaking_seconds(words),
                "spoken": format_duration(speaking_seconds(words)),
                "signal": grade.signal if grade else "",
                "overall": grade.overall if grade else None,
                "stale": bool(grade) and grade.content_key != story.content_key(),
                "questions": (usage or {}).get(story.id, 0),
            }
        )
    return rows


def question_rows(matrix: CoverageMatrix, competencies: Mapping[str, Competency]) -> list[dict]:
    return [
        {
            "question": r.question_id,
            "story": f"#{r.story_id} {r.story_title}" if r.story_id else NONE,
            "how": r.how,
            "signal": r.signal,
            "overall": r.overall,
            "Staff level": "✅" if r.staff else "",
            "counts": "✅" if r.counted else "",
            "graded": r.graded_for,
            "fit": r.fit,
            "competencies": ", ".join(
                competencies[c].title for c in r.competencies if c in competencies
            ),
        }
        for r in matrix.questions
    ]


def competency_rows(matrix: CoverageMatrix) -> list[dict]:
    return [
        {
            "competency": r.title,
            "stories": ", ".join(f"#{i}" for i in r.stories) or NONE,
            "questions asking": r.questions,
            "questions covered": r.covered,
        }
        for r in matrix.competencies
    ]
