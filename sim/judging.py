"""What a grader is asked and which grader asks it: the request built from a bank question and
an answer (with the room's exchanges and the whiteboard), the grader the user chose or the
configured default, and one judgement — the grader judges, pure code checks and scores."""

import logging
from typing import TYPE_CHECKING

from sim import catalog
from sim.domain.diagram import parse as parse_diagram
from sim.domain.feedback import Feedback, build_feedback
from sim.domain.questions import Question
from sim.domain.rubric import Rubric
from sim.domain.scoring import score_verdict
from sim.domain.types import Kind
from sim.domain.verdict import Verdict, check_verdict
from sim.graders.base import FollowUpSpec, Grader, GradeRequest, KeyPointSpec
from sim.graders.offline import OfflineGrader
from sim.llm.settings import LLMSettings, load_settings
from sim.providers import choices
from sim.providers.choices import GraderChoice

if TYPE_CHECKING:  # the room's code loads only for an answer given in the room
    from sim.domain.interviewer import RoomContext

log = logging.getLogger("sim.service")


def request_for(
    question: Question,
    answer: str,
    asked: tuple[str, ...] = (),
    room: "RoomContext | None" = None,
    diagram: str | None = None,
) -> GradeRequest:
    """What the grader judges. An answer given in the room brings its clarifying exchanges, and
    once the requirement change was announced, how to adapt to it is among the points to cover;
    a system-design answer may bring its whiteboard."""
    points = [
        KeyPointSpec(kp.point, tuple(kp.aliases), rejected=tuple(kp.rejected))
        for kp in question.key_points
    ]
    if room is not None:
        from sim.domain.interviewer import CHANGE_POINT_PREFIX

        points += [
            KeyPointSpec(
                CHANGE_POINT_PREFIX + kp.point,
                tuple(kp.aliases),
                after_change=True,
                rejected=tuple(kp.rejected),
            )
            for kp in room.change_points
        ]
    return GradeRequest(
        kind=question.kind,
        question=question.prompt,
        answer=answer,
        key_points=tuple(points),
        follow_ups=tuple(FollowUpSpec(f.question, f.dimension) for f in question.follow_ups),
        question_id=question.id,
        asked_follow_ups=asked,
        misconceptions=tuple(question.misconceptions),
        time_limit_min=question.time_limit_min,
        room=room,
        diagram=diagram or "",
    )


def default_grader(rubric: Rubric | None = None) -> Grader:
    return OfflineGrader(rubric or catalog.rubric())


def grader_for(
    choice: str | GraderChoice | None = None, settings: LLMSettings | None = None
) -> Grader:
    """'offline', 'llm' (the environment's provider), 'llm:NAME' (a provider profile, with a
    remembered key), a GraderChoice a page resolved with its session's keys, or None for the
    default (the one made on Settings, else LLM when a provider is set up). `settings` given
    with 'llm' or None grades with exactly those settings."""
    if settings is not None and choice in (None, "llm"):
        use_llm = (choice or settings.grader) == "llm"
        resolved = GraderChoice("llm", settings) if use_llm else GraderChoice("offline")
    else:
        resolved = choices.resolve(choice)
    if resolved.settings is not None:
        from sim.graders.llm import LLMGrader  # the openai SDK loads only when it is used

        return LLMGrader(resolved.settings, catalog.rubric(), catalog.prompt("grade_answer"))
    return default_grader()


def judge(request: GradeRequest, grader: Grader, rubric: Rubric) -> tuple[Verdict, Feedback]:
    """Grader judges; pure code checks, scores and writes the feedback."""
    verdict = grader.assess(request)
    checked = check_verdict(verdict, request.answer, parse_diagram(request.diagram))
    score = score_verdict(checked, rubric)
    return verdict, build_feedback(checked, score, rubric, Kind(request.kind))


def next_follow_up(
    question: Question,
    answer: str,
    verdict: Verdict,
    asked: tuple[str, ...] = (),
    grader_name: str | GraderChoice = "offline",
) -> FollowUpSpec | None:
    """The interviewer's next probe, aimed at the weakest dimension, never one already asked:
    the one the LLM proposed in its grade reply (no second call), else the bank's ladder."""
    grader = default_grader()
    if choices.is_llm(grader_name):
        try:
            grader = grader_for(grader_name)
        except Exception:  # not configured any more: the bank's probe is always there
            log.info("LLM follow-up unavailable; using the bank's")
    return grader.follow_up(request_for(question, answer, asked), verdict)


def llm_settings() -> LLMSettings:
    return load_settings()


def grader_choices(settings: LLMSettings | None = None) -> list[str]:
    """Graders the user can pick (offline, the environment's provider, each profile), the
    default first."""
    return choices.choice_names(settings or load_settings())
