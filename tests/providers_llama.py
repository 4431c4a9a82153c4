"""Shared by the provider-profile tests that run against the real llama.cpp server: the server
fixture's checks, the settings a slow tiny model needs, and the scan that proves a key went
nowhere it must not (the database files, the log, the page)."""

from pathlib import Path

import pytest

from tests.conftest import SHARED, need_or_skip
from tests.llama_server import LlamaServer, llama_python

# A key the server ignores (llama.cpp takes any), distinctive enough to find anywhere.
KEY = "sk-local-Q7r2k9ZXprovkey81vbn4Tq"
PROFILE = "local llama"


def start_llama() -> LlamaServer:
    need_or_skip((SHARED / "assets" / "models").is_dir(), "../shared/assets is absent")
    python = llama_python()
    need_or_skip(
        python is not None,
        "llama-cpp-python[server] is not installed (set SIM_LLAMA_PYTHON to a Python that has it)",
    )
    server = LlamaServer(python)
    server.start()
    return server


def slow_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Options every profile inherits from the environment: the tiny model on a busy 2-core
    machine needs minutes for a grade, and room for its rambling JSON."""
    monkeypatch.setenv("SIM_LLM_MAX_OUTPUT_TOKENS", "3000")
    monkeypatch.setenv("SIM_LLM_TIMEOUT_S", "600")


def files_holding(secret: str, *roots: Path) -> list[Path]:
    """Every file under `roots` whose bytes contain the secret (SQLite's -wal and -shm too)."""
    found = []
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file() and secret.encode() in path.read_bytes():
                found.append(path)
    return found
