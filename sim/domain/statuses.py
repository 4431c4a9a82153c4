"""Statuses, one definition per concept. StrEnum: stored and compared as the plain strings the
database has always held, so old rows read back unchanged."""

from enum import StrEnum


class AttemptStatus(StrEnum):
    DRAFT = "draft"  # being typed (interview sessions)
    SUBMITTED = "submitted"  # saved, not graded yet
    GRADING = "grading"  # a grader holds the lease
    GRADED = "graded"
    FAILED = "failed"  # the last grading failed; the answer is kept


class SessionStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class FollowUpStatus(StrEnum):
    ASKED = "asked"
    ANSWERED = "answered"
    DECLINED = "declined"
    OFF_TOPIC = "off_topic"  # replied, but not to what was asked: kept, never graded


class PendingState(StrEnum):
    """Why an answer is waiting for a grade, as `sim pending` and History show it."""

    WAITING = "waiting"  # submitted, no grader started
    RUNNING = "running"  # lease held, not expired, holder alive
    INTERRUPTED = "interrupted"  # status grading but the lease expired or its process is gone
    FAILED = "failed"
