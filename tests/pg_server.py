"""A throwaway PostgreSQL server for tests: initdb into a temp dir, run on a loopback port, remove.

Uses the Debian server binaries (/usr/lib/postgresql/*/bin). initdb refuses to run as root, so as
root the server runs as the `postgres` system user."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    if user is None:
        return cmd
    return ["runuser", "-u", user, "--", *cmd]


class PostgresServer:
    """A running server that a test can stop and start again (PostgreSQL stopped mid-run)."""

    def __init__(self, bin_dir: Path, data: Path, workdir: Path, port: int, user: str | None):
        self.bin_dir, self.data, self.workdir, self.port, self.user = (
            bin_dir,
            data,
            workdir,
            port,
            user,
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir} -c fsync=off"
        ctl = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options, "-w"]
        log = ["-l", str(self.workdir / "log"), "start"]
        subprocess.run(_as_user([*ctl, *log], self.user), check=True, capture_output=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)

    def stop(self) -> None:
        """Stops at once, as a crash or an operator would: open connections are cut."""
        subprocess.run(
            _as_user(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                self.user,
            ),
            capture_output=True,
        )


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    user = "postgres" if os.geteuid() == 0 else None
    workdir = Path(tempfile.mkdtemp(prefix="sim-pg-"))
    if user:
        shutil.chown(workdir, user=user)
    data = workdir / "data"
    subprocess.run(
        _as_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
            + ["--no-sync"],
            user,
        ),
        check=True,
        capture_output=True,
    )
    server = PostgresServer(bin_dir, data, workdir, _free_port(), user)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    with postgres_server() as server:
        yield server.url
