"""Fresh clone to app served: `git clone` of this checkout's commit into a temporary folder, then
`make run` there with pip's cache turned off (what a first-time user waits for), timed until the
server answers its health check. Run by `make bench`, or alone: python benchmarks/fresh_run.py.

The clone is of the committed tree (HEAD), as a user would get it. The server is stopped and the
clone removed afterwards. Asserts nothing (timing belongs here, not in tests)."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_S = 600  # a stuck install is reported, not waited on forever
HEALTH = "/_stcore/health"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH}", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def clone_to_served_s() -> float:
    """Seconds from `git clone` to the app's health check answering, with a cold pip cache."""
    with tempfile.TemporaryDirectory(prefix="sim-fresh-") as tmp:
        clone = Path(tmp) / "clone"
        port = _free_port()
        env = {
            **os.environ,
            "PIP_NO_CACHE_DIR": "1",  # cold: nothing downloaded or built before is reused
            "PORT": str(port),
            "ADDRESS": "127.0.0.1",
            "SIM_DATA_DIR": str(Path(tmp) / "data"),
            "SIM_SECRETS_FILE": "",
        }
        env.pop("VIRTUAL_ENV", None)
        log = (Path(tmp) / "make-run.log").open("wb")
        began = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        server = subprocess.Popen(
            ["make", "run"],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: the server and make stop together
        )
        try:
            while not _serving(port):
                if server.poll() is not None:
                    log.close()
                    tail = (Path(tmp) / "make-run.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"make run exited {server.returncode}:\n{tail}")
                if time.perf_counter() - began > DEADLINE_S:
                    raise RuntimeError(f"not served after {DEADLINE_S} s")
                time.sleep(0.25)  # polling a server in another process: nothing to wait on
            return time.perf_counter() - began
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            log.close()


if __name__ == "__main__":
    print(json.dumps({"fresh_clone_to_served_s": round(clone_to_served_s(), 1)}))
