"""Who is grading an answer: a lease with a holder and an expiry, so a second grade request
while one runs is answered "already being graded" instead of paying for a second grader call,
and an answer whose grader died is told apart from one still being graded."""

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sim.domain.records import AttemptRecord
from sim.domain.statuses import AttemptStatus, PendingState

# Longer than the slowest grading we allow (LLM timeout x retries x samples); a holder that
# died on this machine is noticed at once, one elsewhere when the lease runs out.
LEASE_S = 900
_TOKEN = uuid.uuid4().hex[:8]  # a later process reusing this pid is not mistaken for this one


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_TOKEN}"


def lease_expiry(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) + timedelta(seconds=LEASE_S)


def holder_alive(holder: str) -> bool | None:
    """False when the holder was a process on this machine that is gone; None when unknown."""
    host, _, rest = holder.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return token == _TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def pending_state(attempt: AttemptRecord, now: datetime | None = None) -> PendingState:
    now = now or datetime.now(UTC)
    if attempt.status == AttemptStatus.FAILED:
        return PendingState.FAILED
    if attempt.status != AttemptStatus.GRADING:
        return PendingState.WAITING
    if (
        attempt.lease_holder
        and attempt.lease_expires_at is not None
        and attempt.lease_expires_at > now
        and holder_alive(attempt.lease_holder) is not False
    ):
        return PendingState.RUNNING
    return PendingState.INTERRUPTED
