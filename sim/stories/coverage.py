"""Which behavioral questions and competencies have a story, which story fits a question best, and
which story is stretched over too many questions. Pure: bank and stored records in, matrix out."""

import math
from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from sim.domain.bank import Competency
from sim.domain.questions import Question
from sim.domain.stories import (
    MILESTONE_QUESTIONS,
    STAR_FIELDS,
    StoryFields,
    StoryGradeRecord,
    StoryRecord,
)
from sim.domain.text import STOPWORDS, stem, words

TAG_WEIGHT = 0.6  # share of the question's competencies the story is tagged with
WORD_WEIGHT = 0.4  # weighted cosine of the story's and the question's topic words
MIN_WORD_FIT = 0.15  # an untagged story must reach this word similarity to count as a fit
OVERUSE_LIMIT = 4  # a story answering more questions than this is stretched thin
TELLING_WEIGHT = 1.0  # words shown as the reason for a fit: used by under ~37% of questions

# Words every behavioral prompt uses; they say nothing about which story fits.
_FILLER = frozenset(
    stem(w)
    for w in """tell time describe example walk give would your you how what when why which
    need needs situation result results task action did do made make got get one two three
    answer question talk thing things way ways kind sort specific""".split()  # noqa: SIM905
)


def _topic_words(text: str) -> dict[str, str]:
    """stem -> the first word that produced it, for the topic words of a text."""
    found: dict[str, str] = {}
    for word in words(text):
        if word in STOPWORDS or len(word) < 3 or not any(c.isalpha() for c in word):
            continue
        key = stem(word)
        if key not in _FILLER:
            found.setdefault(key, word)
    return found


def story_text(story: StoryFields, competencies: Mapping[str, Competency]) -> str:
    tags = [competencies[t].title for t in story.tags if t in competencies]
    narrative = [getattr(story, name) for name, _ in STAR_FIELDS]
    return " ".join([story.title, *narrative, story.metrics, *tags])


def question_text(question: Question, competencies: Mapping[str, Competency]) -> str:
    points = [kp.point for kp in question.key_points]
    aliases = [a for kp in question.key_points for a in kp.aliases]
    titles = [competencies[c].title for c in question.competencies if c in competencies]
    return " ".join([question.prompt, *points, *aliases, *titles])


Weights = Mapping[str, float]


def word_weights(questions: Iterable[Question], competencies: Mapping[str, Competency]) -> Weights:
    """Inverse document frequency of each topic word over the questions: a word every question
    uses ("teams", "learned") says nothing about which story fits; "bill" or "mentee" does."""
    docs = [set(_topic_words(question_text(q, competencies))) for q in questions]
    counts: dict[str, int] = {}
    for doc in docs:
        for word in doc:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(len(docs) / n) for word, n in counts.items()}


class Fit(BaseModel):
    """How well one story fits one question, and why."""

    story_id: int
    title: str
    score: float  # 0-1
    shared_tags: list[str]
    shared_words: list[str]
    word_share: float = 0.0  # weighted cosine of topic words, 0-1

    @property
    def candidate(self) -> bool:
        return bool(self.shared_tags) or self.word_share >= MIN_WORD_FIT


def fit(
    story: StoryRecord,
    question: Question,
    competencies: Mapping[str, Competency],
    weights: Weights | None = None,
) -> Fit:
    wanted = _topic_words(question_text(question, competencies))
    have = _topic_words(story_text(story, competencies))
    if weights is not None:
        have = {s: w for s, w in have.items() if s in weights}

    def weight(word: str) -> float:
        return weights.get(word, 0.0) if weights is not None else 1.0

    shared = [s for s in wanted if s in have]
    norm = math.sqrt(sum(weight(s) ** 2 for s in wanted) * sum(weight(s) ** 2 for s in have))
    cosine = sum(weight(s) ** 2 for s in shared) / norm if norm else 0.0
    tags = [c for c in question.competencies if c in story.tags]
    tag_share = len(tags) / len(question.competencies) if question.competencies else 0.0
    telling = sorted(
        (s for s in shared if weight(s) >= TELLING_WEIGHT), key=lambda s: (-weight(s), have[s])
    )[:10]
    return Fit(
        story_id=story.id,
        title=story.title,
        score=round(TAG_WEIGHT * tag_share + WORD_WEIGHT * cosine, 4),
        shared_tags=tags,
        shared_words=[have[s] for s in telling],
        word_share=round(cosine, 4),
    )


def rank_stories(
    question: Question,
    stories: Iterable[StoryRecord],
    competencies: Mapping[str, Competency],
    weights: Weights | None = None,
) -> list[Fit]:
    """Best fit first (ties: the older story); only stories that fit at all."""
    fits = [fit(s, question, competencies, weights) for s in stories]
    return sorted((f for f in fits if f.candidate), key=lambda f: (-f.score, f.story_id))


class QuestionRow(BaseModel):
    question_id: str
    prompt: str
    competencies: list[str]
    story_id: int | None = None
    story_title: str = ""
    how: str = ""  # "picked" (graded or rehearsed against it), "suggested" (best fit), ""
    fit: float | None = None
    overall: float | None = None
    signal: str = ""
    graded_for: str = ""  # "this question", "on its own", another question id, ""
    staff: bool = False
    counted: bool = False  # counts toward the milestone (a story counts for OVERUSE_LIMIT at most)


class CompetencyRow(BaseModel):
    competency: str
    title: str
    stories: list[int]
    questions: int
    covered: int


class CoverageMatrix(BaseModel):
    questions: list[QuestionRow]
    competencies: list[CompetencyRow]
    usage: dict[int, int]  # story id -> questions it answers
    overused: list[int]
    staff_covered: int
    target: int = MILESTONE_QUESTIONS

    @property
    def uncovered_questions(self) -> list[QuestionRow]:
        return [r for r in self.questions if r.story_id is None]

    @property
    def uncovered_competencies(self) -> list[CompetencyRow]:
        return [r for r in self.competencies if not r.stories]

    @property
    def milestone_reached(self) -> bool:
        return self.staff_covered >= self.target


def grade_for(
    story: StoryRecord, question_id: str, grades: Iterable[StoryGradeRecord]
) -> StoryGradeRecord | None:
    """The grade that speaks for this story on this question: graded against the question, else
    on its own, else against any question. Grades of an earlier version of the story do not
    count."""
    current = [g for g in grades if g.story_id == story.id and g.content_key == story.content_key()]
    for wanted in (question_id, ""):
        matching = [g for g in current if g.question_id == wanted]
        if matching:
            return max(matching, key=lambda g: g.id)
    return max(current, key=lambda g: g.id) if current else None


def _graded_for(grade: StoryGradeRecord, question_id: str) -> str:
    if grade.question_id == question_id:
        return "this question"
    return "on its own" if not grade.question_id else grade.question_id


def _count_toward_milestone(rows: list[QuestionRow]) -> None:
    """A Staff-level story counts for at most OVERUSE_LIMIT questions, its best fits first: one
    great story stretched over twenty questions is still one story in the loop."""
    per_story: dict[int, int] = {}
    for row in sorted(rows, key=lambda r: (r.how != "picked", -(r.fit or 0.0))):
        if (
            row.staff
            and row.story_id is not None
            and per_story.get(row.story_id, 0) < OVERUSE_LIMIT
        ):
            per_story[row.story_id] = per_story.get(row.story_id, 0) + 1
            row.counted = True


def coverage_matrix(
    questions: Iterable[Question],
    competencies: Mapping[str, Competency],
    stories: Iterable[StoryRecord],
    grades: Iterable[StoryGradeRecord],
    picks: Mapping[str, int] | None = None,
) -> CoverageMatrix:
    """One row per behavioral question with the story that answers it: the one the user picked
    for it (graded or rehearsed against it), else the best fit."""
    stories = list(stories)
    grades = list(grades)
    by_id = {s.id: s for s in stories}
    picks = picks or {}
    rows: list[QuestionRow] = []
    usage: dict[int, int] = {s.id: 0 for s in stories}
    questions = list(questions)
    weights = word_weights(questions, competencies)
    for question in questions:
        row = QuestionRow(
            question_id=question.id, prompt=question.prompt, competencies=question.competencies
        )
        chosen: StoryRecord | None = by_id.get(picks.get(question.id, -1))
        if chosen is not None:
            row.how, row.fit = "picked", fit(chosen, question, competencies, weights).score
        elif ranked := rank_stories(question, stories, competencies, weights):
            chosen = by_id[ranked[0].story_id]
            row.how, row.fit = "suggested", ranked[0].score
        if chosen is not None:
            row.story_id, row.story_title = chosen.id, chosen.title
            usage[chosen.id] += 1
            grade = grade_for(chosen, question.id, grades)
            if grade is not None:
                row.overall, row.signal = grade.overall, grade.signal
                row.graded_for = _graded_for(grade, question.id)
                row.staff = grade.staff_level
        rows.append(row)
    _count_toward_milestone(rows)
    comp_rows = []
    for comp in competencies.values():
        asking = [r for r in rows if comp.id in r.competencies]
        comp_rows.append(
            CompetencyRow(
                competency=comp.id,
                title=comp.title,
                stories=[s.id for s in stories if comp.id in s.tags],
                questions=len(asking),
                covered=sum(1 for r in asking if r.story_id is not None),
            )
        )
    return CoverageMatrix(
        questions=rows,
        competencies=comp_rows,
        usage=usage,
        overused=[sid for sid, n in usage.items() if n > OVERUSE_LIMIT],
        staff_covered=sum(1 for r in rows if r.counted),
    )
