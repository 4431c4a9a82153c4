"""Two app containers on one host: the same hostname, each app running as PID 1 of its own PID
namespace. A grading lease held in one must read as running in the other, never as a grader
that died (which would let the second container take the answer over and pay for a second
grader call). Each "container" is a real process in a new PID namespace (unshare, as root)."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from sim import service
from tests.conftest import need_or_skip

ROOT = Path(__file__).resolve().parent.parent

HOLD = textwrap.dedent(
    """
    import os, sys
    from sim import leases
    from sim.storage import repo
    from sim.storage.db import make_engine
    assert os.getpid() == 1, os.getpid()
    engine = make_engine(sys.argv[1])
    assert repo.acquire_lease(engine, int(sys.argv[2]), leases.holder_id(), leases.lease_expiry())
    print("held", flush=True)
    sys.stdin.readline()  # hold the lease until the test is done
    """
)
TRY = textwrap.dedent(
    """
    import os, sys
    from sim import catalog, leases, service
    from sim.graders.offline import OfflineGrader
    from sim.storage import repo
    from sim.storage.db import make_engine
    assert os.getpid() == 1, os.getpid()
    engine = make_engine(sys.argv[1])
    attempt = repo.get_attempt(engine, int(sys.argv[2]))
    print(leases.pending_state(attempt).value)
    question = catalog.bank().get(attempt.question_id)
    try:
        service.grade_attempt(engine, attempt.id, question, attempt.answer, OfflineGrader(catalog.rubric()))
        print("graded")
    except service.AlreadyGrading:
        print("already being graded")
    """
)


def _in_own_pid_namespace(code: str, *args: str, **popen) -> subprocess.Popen:
    command = ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", code, *args]
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), text=True, **popen)


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], check=False)
    return probe.returncode == 0


def test_a_lease_held_in_another_container_is_running_not_dead(engine, bank, tmp_path) -> None:
    need_or_skip(_unshare_works(), "unshare --pid (root, util-linux) is not available")
    question = bank.get("py-fastapi-vs-django")
    attempt_id = service.save_answer(engine, question, "Django ships an ORM and an admin.")
    url = engine.url.render_as_string(hide_password=False)
    holder = _in_own_pid_namespace(
        HOLD, url, str(attempt_id), stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        second = _in_own_pid_namespace(TRY, url, str(attempt_id), stdout=subprocess.PIPE)
        out, _ = second.communicate(timeout=120)
        assert second.returncode == 0
        assert out.split("\n")[:2] == ["running", "already being graded"]
    finally:
        holder.communicate(input="done\n", timeout=60)
