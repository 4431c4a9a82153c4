"""Who is grading an answer: a lease with a holder and an expiry, so a second grade request
while one runs is answered "already being graded" instead of paying for a second grader call,
and an answer whose grader died is told apart from one still being graded."""

import functools
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sim.domain.records import AttemptRecord
from sim.domain.statuses import AttemptStatus, PendingState

# Longer than the slowest grading we allow (LLM timeout x retries x samples); a holder that
# died in this machine's PID namespace is noticed at once, one elsewhere when the lease runs out.
LEASE_S = 900
_TOKEN = uuid.uuid4().hex[:8]  # a later process reusing this pid is not mistaken for this one


def _read(path: str) -> str:
    try:
        with open(path) as source:
            return source.read().strip()
    except OSError:
        return ""  # not Linux: the hostname alone names the machine


def _pid_namespace() -> str:
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return ""


@functools.cache
def place() -> str:
    """Where a pid means this process: the machine and its PID namespace. App containers on one
    host can share a hostname and all run the app as PID 1; the boot id tells machines that
    share a hostname apart, the namespace tells containers apart."""
    boot = _read("/proc/sys/kernel/random/boot_id")[:8]
    return f"{socket.gethostname()[:60]}/{boot}-{_pid_namespace()}"


def holder_id() -> str:
    return f"{place()}:{os.getpid()}:{_TOKEN}"


def lease_expiry(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) + timedelta(seconds=LEASE_S)


def holder_alive(holder: str) -> bool | None:
    """False when the holder was a process in this machine's PID namespace that is gone; None
    when unknown (another container or machine: its lease runs out instead)."""
    where, _, rest = holder.partition(":")
    pid_text, _, token = rest.partition(":")
    if where != place() or not pid_text.isdigit():
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
