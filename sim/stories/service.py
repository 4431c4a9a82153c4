"""Story-bank service: storage plus the shared grading machinery. No UI here.

A story is stored before it is graded, like an answer: a failing grader never loses it."""

import logging
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from sim import catalog, llm_accounting
from sim import service as answers
from sim.domain.bank import Competency
from sim.domain.grade_request import GradeRequest, KeyPointSpec
from sim.domain.grader_port import Grader
from sim.domain.questions import Question
from sim.domain.stories import (
    RehearsalRecord,
    StoryError,
    StoryFields,
    StoryGradeRecord,
    StoryRecord,
)
from sim.domain.types import Kind
from sim.storage import story_repo
from sim.stories.checks import merge_suggestions, rewrite_suggestions, story_checks
from sim.stories.coverage import (
    CoverageMatrix,
    Fit,
    coverage_matrix,
    rank_stories,
    word_weights,
)
from sim.stories.markdown import export_markdown as _export
from sim.stories.markdown import parse_markdown
from sim.stories.rehearsal import RehearsalDiff, compare
from sim.stories.text import story_answer

log = logging.getLogger(__name__)

# What any Staff-level STAR answer must show, for a story graded on its own (the bank's
# behavioral key points say the same per question).
GENERIC_KEY_POINTS: tuple[KeyPointSpec, ...] = (
    KeyPointSpec("Scope: the teams and people affected", ("teams", "customers", "users")),
    KeyPointSpec(
        "Ownership: what I decided and did myself",
        ("i owned", "i led", "i decided", "i proposed", "i wrote", "i built"),
    ),
    KeyPointSpec(
        "Alignment without authority",
        ("design doc", "rfc", "proposal", "buy-in", "aligned", "convinced", "pilot"),
    ),
    KeyPointSpec(
        "Trade-off: the options weighed", ("trade-off", "instead of", "rather than", "option")
    ),
    KeyPointSpec("Quantified result", ("%", "$", "reduced", "saved", "dropped", "cut")),
    KeyPointSpec("Lesson learned", ("learned", "lesson", "differently", "in hindsight")),
)


class StoryGradingFailed(RuntimeError):
    """The grader failed; the story is stored and can be graded again."""

    def __init__(self, story_id: int, cause: Exception) -> None:
        self.story_id = story_id
        super().__init__(f"grading story #{story_id} failed: {cause}")


@dataclass
class ImportReport:
    imported: list[StoryRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # titles already in the bank (or repeated)


def competencies() -> dict[str, Competency]:
    return catalog.bank().competencies


def behavioral_questions() -> list[Question]:
    return catalog.bank().of_kind(Kind.BEHAVIORAL)


def question(question_id: str) -> Question:
    try:
        return catalog.bank().get(question_id)
    except KeyError:
        raise StoryError(f"unknown question id {question_id!r} (see `sim bank list`)") from None


def check_tags(fields: StoryFields) -> None:
    unknown = [t for t in fields.tags if t not in competencies()]
    if unknown:
        known = ", ".join(competencies())
        raise StoryError(
            f"{fields.title!r}: unknown competency {', '.join(map(repr, unknown))} (known: {known})"
        )


def save_story(engine: Engine, fields: StoryFields, story_id: int | None = None) -> StoryRecord:
    """Create (story_id None) or update a story. StoryError on unknown tags or a duplicate."""
    check_tags(fields)
    if story_id is None:
        return story_repo.create_story(engine, fields)
    return story_repo.update_story(engine, story_id, fields)


def list_stories(engine: Engine) -> list[StoryRecord]:
    return story_repo.list_stories(engine)


def get_story(engine: Engine, story_id: int) -> StoryRecord:
    story = story_repo.get_story(engine, story_id)
    if story is None:
        raise StoryError(f"no story #{story_id} (see `sim stories list`)")
    return story


def delete_story(engine: Engine, story_id: int) -> bool:
    return story_repo.delete_story(engine, story_id)


def generic_question(story: StoryFields) -> str:
    """The question a story is graded against on its own, from the competencies it shows."""
    titles = [competencies()[t].title for t in story.tags if t in competencies()]
    titles = [t[:1].lower() + t[1:] for t in titles]
    if not titles:
        shown = "Staff-level impact beyond your own team"
    elif len(titles) == 1:
        shown = titles[0]
    else:
        shown = ", ".join(titles[:-1]) + " and " + titles[-1]
    return f"Tell me about a time you showed {shown}."


def grade_request(story: StoryFields, question_id: str = "") -> GradeRequest:
    """The story told as a behavioral answer, against a bank question or on its own."""
    text = story_answer(story)
    if question_id:
        return answers.request_for(question(question_id), text)
    return GradeRequest(
        kind=Kind.BEHAVIORAL,
        question=generic_question(story),
        answer=text,
        key_points=GENERIC_KEY_POINTS,
    )


def grade_story(
    engine: Engine, story_id: int, grader: Grader, question_id: str = ""
) -> StoryGradeRecord:
    """Grade a stored story with the shared machinery (grader judges, pure code checks and
    scores), add the story's own checks and rewrites, and store the grade."""
    story = get_story(engine, story_id)
    request = grade_request(story, question_id)
    if not request.answer.strip():
        raise StoryError(f"story #{story_id} has no Situation, Task, Action or Result to grade")
    rubric = catalog.rubric()
    try:
        verdict, feedback = answers.judge(request, grader, rubric)
    except Exception as exc:  # any grader failure: the story stays stored, grade again later
        log.warning("grading story %s failed: %s", story_id, exc)
        llm_accounting.record_llm_calls(engine, None, grader)
        raise StoryGradingFailed(story_id, exc) from exc
    provenance = llm_accounting.record_llm_calls(engine, None, grader)
    checks = story_checks(story, catalog.signal_cues(), catalog.lexicon())
    suggestions = merge_suggestions(rewrite_suggestions(story, checks), feedback.improvements)
    return story_repo.add_grade(
        engine,
        story_id=story_id,
        question_id=question_id,
        question=request.question,
        grader=grader.name,
        model=verdict.model,
        rubric_version=rubric.version,
        content_key=story.content_key(),
        feedback=feedback,
        verdict=verdict,
        checks=checks,
        suggestions=suggestions,
        tokens_in=provenance.tokens_in,
        tokens_out=provenance.tokens_out,
        cost_usd=provenance.cost_usd,
    )


def grades(engine: Engine, story_id: int | None = None) -> list[StoryGradeRecord]:
    return story_repo.list_grades(engine, story_id)


def latest_grade(engine: Engine, story_id: int) -> StoryGradeRecord | None:
    found = story_repo.list_grades(engine, story_id)
    return found[-1] if found else None


def picks(engine: Engine) -> dict[str, int]:
    """question id -> the story last graded or rehearsed against it (the user's choice)."""
    events = [(g.created_at, g.story_id, g.question_id) for g in story_repo.list_grades(engine)]
    events += [
        (r.created_at, r.story_id, r.question_id) for r in story_repo.list_rehearsals(engine)
    ]
    chosen: dict[str, int] = {}
    for _, story_id, question_id in sorted(events, key=lambda e: e[0]):
        if question_id:
            chosen[question_id] = story_id
    return chosen


def coverage(engine: Engine) -> CoverageMatrix:
    return coverage_matrix(
        behavioral_questions(),
        competencies(),
        story_repo.list_stories(engine),
        story_repo.list_grades(engine),
        picks(engine),
    )


def suggest(engine: Engine, question_id: str) -> list[Fit]:
    """Stories that fit this question, best first."""
    weights = word_weights(behavioral_questions(), competencies())
    found = story_repo.list_stories(engine)
    return rank_stories(question(question_id), found, competencies(), weights)


def rehearse(
    engine: Engine, story_id: int, question_id: str, told: str, elapsed_s: int | None = None
) -> tuple[RehearsalRecord, RehearsalDiff]:
    """Store a told version and compare it with the written story."""
    story = get_story(engine, story_id)
    if question_id:
        question(question_id)
    if not told.strip():
        raise StoryError("nothing was told: type or paste what you said first")
    record = story_repo.add_rehearsal(
        engine,
        story_id=story_id,
        question_id=question_id,
        written=story_answer(story),
        told=told,
        elapsed_s=elapsed_s,
    )
    return record, compare(story, told)


def rehearsals(engine: Engine, story_id: int | None = None) -> list[RehearsalRecord]:
    return story_repo.list_rehearsals(engine, story_id)


def export_markdown(engine: Engine) -> str:
    return _export([s.fields_only() for s in story_repo.list_stories(engine)])


def import_markdown(engine: Engine, text: str) -> ImportReport:
    """Add the file's stories, skipping any whose narrative is already in the bank. The whole file
    is checked first, so a bad story adds nothing."""
    parsed = parse_markdown(text)
    for fields in parsed:
        check_tags(fields)
    report = ImportReport()
    seen: set[str] = set()
    for fields in parsed:
        key = fields.content_key()
        if key in seen or story_repo.find_by_key(engine, key) is not None:
            report.skipped.append(fields.title)
            continue
        seen.add(key)
        report.imported.append(story_repo.create_story(engine, fields))
    return report
