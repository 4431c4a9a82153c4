"""Session reports (service layer): every session's report is rebuilt from its stored attempts,
grades and follow-ups whenever it is opened — right after the round, from History or the `sim`
command, after any restart — so it always matches what is stored, and a re-grade shows in it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from sim import catalog, interview_room, review, service
from sim.domain.practice_next import PracticeSuggestion, practice_next, weakest_topic
from sim.domain.records import SessionRecord
from sim.domain.report import ReportItem, SessionReport, build_report
from sim.domain.round_verdict import RoundVerdict, derive_verdict
from sim.domain.statuses import SessionStatus
from sim.domain.types import Kind
from sim.storage import session_repo


class UnknownSession(KeyError):
    """No session with that id is stored."""


def _items(engine: Engine, session: SessionRecord) -> list[ReportItem]:
    items = []
    known = catalog.bank().by_id()
    for attempt_id in session.attempt_ids:
        attempt = service.get_attempt(engine, attempt_id)
        grade = attempt.latest_grade
        items.append(
            ReportItem(
                question_id=attempt.question_id,
                prompt=attempt.prompt,
                answer=attempt.answer,
                feedback=grade.feedback if grade else None,
                grader=grade.grader if grade else "",
                elapsed_s=attempt.elapsed_s,
                time_limit_s=attempt.time_limit_s,
                time_to_requirements_s=attempt.time_to_requirements_s,
                follow_ups=[
                    (f.question, f.status, f.answer)
                    for f in session_repo.follow_ups(engine, attempt_id)
                ],
                topic=attempt.topic,
                diagram=attempt.diagram,
                room=interview_room.room_context(
                    engine, attempt_id, known.get(attempt.question_id)
                ),
            )
        )
    return items


def _practice(
    engine: Engine, session: SessionRecord, items: list[ReportItem], verdict: RoundVerdict
) -> list[PracticeSuggestion]:
    rule = catalog.verdict_rule().practice
    bank = catalog.bank()
    # "Recent" is measured back from the round's start, not from today, so the suggestions
    # are the same whenever the report is reopened.
    since = session.started_at - timedelta(days=rule.recent_days)
    recent = session_repo.recently_seen(engine, since, until=session.started_at)
    topic = weakest_topic(
        [(i.topic, i.feedback.overall if i.feedback else None) for i in items if i.topic]
    )
    known = bank.by_id()
    weakest = verdict.weakest
    return practice_next(
        bank.questions,
        dimension=weakest.dimension,
        dimension_title=weakest.title,
        topic=topic,
        topic_title=bank.topics[topic].title if topic in bank.topics else (topic or ""),
        kinds={known[i.question_id].kind for i in items if i.question_id in known} or set(Kind),
        exclude=recent | set(session.question_ids),
        limit=rule.suggestions,
    )


def _verdict(session: SessionRecord, items: list[ReportItem]) -> RoundVerdict | None:
    # The verdict comes at the end of a round: an unfinished session has none yet.
    if session.status == SessionStatus.ACTIVE:
        return None
    return derive_verdict([i.feedback for i in items if i.feedback], catalog.verdict_rule())


def report(engine: Engine, session_id: int) -> SessionReport:
    session = session_repo.get_session(engine, session_id)
    if session is None:
        raise UnknownSession(f"no interview session {session_id}")
    items = _items(engine, session)
    verdict = _verdict(session, items)
    practice = _practice(engine, session, items, verdict) if verdict else []
    title = f"{session.title} — {session.started_at:%Y-%m-%d %H:%M}"
    return build_report(title, items, verdict=verdict, practice=practice)


@dataclass(frozen=True)
class SessionListing:
    id: int
    title: str
    status: str
    started: datetime
    finished: datetime | None
    questions: int
    answers: int
    graded: int
    mean_overall: float | None
    verdict: str | None  # the verdict's label; None while the round is running

    def to_json_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "questions": self.questions,
            "answers": self.answers,
            "graded": self.graded,
            "mean_overall": self.mean_overall,
            "verdict": self.verdict,
        }


def listing(engine: Engine, limit: int = 200) -> list[SessionListing]:
    """Sessions newest first, each with its verdict (derived as in its report, from the latest
    grade of each answer; the feedback of all listed sessions comes in one query)."""
    summaries = review.sessions(engine, limit)
    feedback = session_repo.latest_feedback_by_session(engine, [s.id for s in summaries])
    rule = catalog.verdict_rule()
    rows = []
    for summary in summaries:
        session = session_repo.get_session(engine, summary.id)
        graded = feedback.get(summary.id, [])
        verdict = None if session.status == SessionStatus.ACTIVE else derive_verdict(graded, rule)
        rows.append(
            SessionListing(
                id=summary.id,
                title=summary.title or summary.format_id,
                status=summary.status,
                started=summary.started_at,
                finished=session.finished_at,
                questions=len(session.question_ids),
                answers=summary.answers,
                graded=summary.graded,
                mean_overall=summary.mean_overall,
                verdict=verdict.label if verdict else None,
            )
        )
    return rows
