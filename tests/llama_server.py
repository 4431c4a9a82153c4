"""A real OpenAI-compatible server for tests: llama.cpp (llama-cpp-python's server) serving the
tiny stories260K model from ../shared/assets on loopback. Its words are nonsense; the protocol,
structured output, errors and timeouts are real."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "shared" / "assets" / "models" / "stories260K.gguf"


def llama_python() -> str | None:
    """A Python that can run llama_cpp.server: SIM_LLAMA_PYTHON, else this interpreter."""
    candidates = [os.environ.get("SIM_LLAMA_PYTHON"), sys.executable]
    for python in filter(None, candidates):
        if not shutil.which(python) and not Path(python).is_file():
            continue
        probe = subprocess.run([python, "-c", "import llama_cpp.server"], capture_output=True)
        if probe.returncode == 0:
            return python
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    def __init__(self, python: str, port: int | None = None) -> None:
        self.python = python
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout_s: float = 90) -> None:
        self.process = subprocess.Popen(
            [
                self.python,
                "-m",
                "llama_cpp.server",
                "--model",
                str(MODEL),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                "16384",  # the grade prompt and a rambling tiny model fit
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base_url + "/models", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError("llama server did not come up")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@contextlib.contextmanager
def running_llama(python: str) -> Iterator[LlamaServer]:
    server = LlamaServer(python)
    server.start()
    try:
        yield server
    finally:
        server.stop()
