"""Double submits and re-grades while grading: one attempt, one grade, one grader call; the
answer being graded holds a visible lease, and `sim pending` tells running from interrupted."""

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from sim import leases, service
from sim.cli import main
from sim.domain.statuses import AttemptStatus, PendingState
from sim.storage import repo
from sim.storage.models import Attempt, Grade
from tests import workers

ANSWER = (Path(__file__).parent / "data" / "answers" / "fastapi_vs_django_strong.txt").read_text()
CTX = multiprocessing.get_context("spawn")


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _count(engine, query) -> int:
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def _three_at_once(engine, tmp_path, what: dict):
    """Three processes make the same request at once while the first grader call is held."""
    calls = tmp_path / "calls.txt"
    barrier, started, release = CTX.Barrier(3), CTX.Event(), CTX.Event()
    results = CTX.Queue()
    procs = [
        CTX.Process(
            target=workers.grade_once,
            args=(barrier, _url(engine), what, str(calls), started, release, results),
        )
        for _ in range(3)
    ]
    for proc in procs:
        proc.start()
    try:
        # The two that lost answer at once while the grader is still held.
        early = [results.get(timeout=120) for _ in range(2)]
        # The winner took the lease before they answered; its grader call may start a moment
        # later, and is held there until released.
        assert started.wait(120)
        running = repo.pending_attempts(engine, limit=None)
        release.set()
        last = results.get(timeout=120)
    finally:
        release.set()
        for proc in procs:
            proc.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    return early, last, running, calls.read_text().count("call")


def test_three_submits_of_one_draft_make_one_attempt_and_one_grader_call(engine, tmp_path):
    early, last, running, calls = _three_at_once(
        engine, tmp_path, {"answer": ANSWER, "key": "draft-7f3a"}
    )
    assert [e[0] for e in early] == ["already", "already"], early
    assert "already being graded" in early[0][2]
    assert last[0] == "graded"
    assert calls == 1
    assert _count(engine, select(func.count()).select_from(Attempt)) == 1
    assert _count(engine, select(func.count()).select_from(Grade)) == 1
    # While it ran, the answer was listed as being graded, under a visible lease.
    assert [a.id for a in running] == [last[1]]
    assert running[0].status == AttemptStatus.GRADING and running[0].lease_holder
    # A later repeat of the same submit returns the stored grade: no new attempt, no call.
    again = service.grade_answer(
        engine, _question(), ANSWER, grader=service.default_grader(), submission_key="draft-7f3a"
    )
    assert (again.attempt_id, again.grade_id) == (last[1], last[2])
    assert _count(engine, select(func.count()).select_from(Grade)) == 1


def test_three_regrades_while_grading_make_one_grade(engine, bank, tmp_path):
    attempt_id = service.save_answer(engine, bank.get("py-fastapi-vs-django"), ANSWER)
    early, last, _running, calls = _three_at_once(engine, tmp_path, {"attempt_id": attempt_id})
    assert [e[0] for e in early] == ["already", "already"] and last[0] == "graded"
    assert calls == 1
    assert _count(engine, select(func.count()).select_from(Grade)) == 1
    stored = repo.get_attempt(engine, attempt_id)
    assert stored.status == AttemptStatus.GRADED and stored.lease_holder is None


def test_pending_tells_running_from_interrupted(engine, bank, capsys, monkeypatch):
    question = bank.get("py-fastapi-vs-django")
    running, dead, expired, waiting = (
        service.save_answer(engine, question, ANSWER) for _ in "1234"
    )
    assert repo.acquire_lease(engine, running, leases.holder_id(), leases.lease_expiry())
    gone = CTX.Process(target=int)  # a process that has finished: its pid is free
    gone.start()
    gone.join()
    host = leases.holder_id().split(":")[0]
    assert repo.acquire_lease(engine, dead, f"{host}:{gone.pid}:0000", leases.lease_expiry())
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    assert repo.acquire_lease(engine, expired, "elsewhere:1:0000", long_ago)
    states = {a.id: leases.pending_state(a) for a in repo.pending_attempts(engine, limit=None)}
    assert states == {
        running: PendingState.RUNNING,
        dead: PendingState.INTERRUPTED,
        expired: PendingState.INTERRUPTED,
        waiting: PendingState.WAITING,
    }
    monkeypatch.setenv("DATABASE_URL", _url(engine))
    assert main(["pending"]) == 0
    lines = {
        int(line.split()[0].lstrip("#")): line for line in capsys.readouterr().out.splitlines()
    }
    assert "running" in lines[running] and "interrupted" in lines[dead]
    assert "interrupted" in lines[expired] and "waiting" in lines[waiting]
    # The running one is refused; an interrupted one is taken over and graded.
    try:
        service.regrade(engine, running, service.default_grader())
        raise AssertionError("graded twice at once")
    except service.AlreadyGrading:
        pass
    assert service.regrade(engine, dead, service.default_grader()).grade_id
    assert service.regrade(engine, expired, service.default_grader()).grade_id


def _question():
    from sim import catalog

    return catalog.bank().get("py-fastapi-vs-django")
