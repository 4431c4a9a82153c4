"""Running the `sim` command in the test's own process: `sim.cli.main(argv)` with pytest's
capsys, so a test pays no interpreter start and no imports per command. The environment is the
test's (set it with monkeypatch); one subprocess smoke test per behaviour that needs a real
process (a closed pipe, the installed console script) stays in tests/test_cli.py."""

import io
from dataclasses import dataclass

import pytest

from sim.cli import main


@dataclass(frozen=True)
class CliResult:
    """What a subprocess.CompletedProcess would say: the exit code and both streams."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(
    capsys: pytest.CaptureFixture[str],
    *args: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> CliResult:
    """`sim ARGS` as a user runs it: exit code, stdout, stderr (earlier output discarded)."""
    capsys.readouterr()
    if stdin is not None:
        assert monkeypatch is not None, "standard input needs monkeypatch"
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors exit, as the command would
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return CliResult(code, out, err)
