"""`make run` serves on this machine only unless the user names another address, and installs
what the app needs, not the test tools; the README's quick start stays two commands."""

import os
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _streamlit_args(tmp_path: Path, **env: str) -> list[str]:
    # A stand-in streamlit that prints its arguments; a fresh stamp so make installs nothing.
    fake = tmp_path / "streamlit"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n')
    fake.chmod(0o755)
    stamp = tmp_path / "stamp"
    stamp.touch()
    clean = {k: v for k, v in os.environ.items() if k not in {"ADDRESS", "PORT"}}
    out = subprocess.run(
        ["make", "-s", "run", f"BIN={tmp_path}", f"STAMP={stamp}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def _address(args: list[str]) -> str:
    return args[args.index("--server.address") + 1]


def test_make_run_binds_to_localhost_by_default(tmp_path: Path) -> None:
    assert _address(_streamlit_args(tmp_path)) == "127.0.0.1"


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20"])
def test_make_run_binds_where_the_user_asks(tmp_path: Path, address: str) -> None:
    assert _address(_streamlit_args(tmp_path, ADDRESS=address)) == address


def test_streamlit_config_binds_to_localhost() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"


def _installs(target: str, tmp_path: Path) -> list[str]:
    """The pip install lines `make TARGET` would run on a fresh machine (a dry run, -n)."""
    out = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'fresh'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "pip install" in line and "--upgrade" not in line]


def test_make_run_installs_the_runtime_dependencies_only(tmp_path: Path) -> None:
    installs = _installs("run", tmp_path)
    assert len(installs) == 1 and installs[0].endswith("-e .")


@pytest.mark.parametrize("target", ["test", "bench"])
def test_the_suite_and_the_bench_install_the_dev_extras(tmp_path: Path, target: str) -> None:
    installs = _installs(target, tmp_path)
    assert len(installs) == 1 and installs[0].endswith('-e ".[dev]"')


def test_the_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]
    assert commands == ["make run", "make test"]
