"""`make bench`: every speed figure of the product beside its goal, measured now, met or not.

Medians of several runs on this machine. The CLI's wall time is compared with the import floor
(`python -c "import pydantic, yaml"`) measured in the same run, interleaved with it, so a busy
machine slows both alike. The test suite's figure is the last whole `make test` run's wall time
(kept in pytest's cache by tests/conftest.py), not a new run; the fresh clone's is a real clone
and `make run` with pip's cache off (benchmarks/fresh_run.py). Prints a table; asserts nothing
(timing belongs here, not in tests).
"""

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fresh_run import clone_to_served_s  # noqa: E402
from benchmarks.grader_speed import answer_of, growth_with_length, time_grading  # noqa: E402
from benchmarks.history_cold import cold_ms  # noqa: E402
from benchmarks.prompt_prefix import CACHE_MINIMUM, identical_prefix_by_kind  # noqa: E402

CLI_QUESTION = "py-fastapi-vs-django"
CLI_RUNS = 7
# The LLM path is counted on the recorded llama.cpp exchange the test suite replays.
LLM_CASSETTE = ROOT / "tests" / "cassettes" / "llama_grade.yaml"
LLM_ENV = {
    "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    "SIM_LLM_MODEL": "stories260K",
    "SIM_LLM_MAX_OUTPUT_TOKENS": "3000",
}


@dataclass(frozen=True)
class Figure:
    name: str
    now: float
    unit: str
    goal: float
    goal_text: str
    at_least: bool = False  # the goal is a floor (identical prompt tokens), not a ceiling
    missing: str = ""  # why the figure could not be measured here (then it is not met)

    @property
    def met(self) -> bool:
        if self.missing or math.isnan(self.now):
            return False
        return self.now >= self.goal if self.at_least else self.now <= self.goal


def _offline_env(data_dir: Path) -> dict[str, str]:
    """A user with nothing configured: the offline grader, an empty data dir of its own. As in a
    user's shell, Python keeps the bytecode it compiles (a developer's PYTHONDONTWRITEBYTECODE
    would make every run compile the product's modules again, while the floor's libraries were
    compiled when pip installed them)."""
    llm_names = ("OPENAI_", "AZURE_OPENAI_", "SIM_LLM_", "SIM_GRADER", "SIM_CACHE_DIR")
    drop = ("PYTHONDONTWRITEBYTECODE",)
    env = {k: v for k, v in os.environ.items() if not k.startswith(llm_names) and k not in drop}
    return {**env, "SIM_DATA_DIR": str(data_dir), "SIM_SECRETS_FILE": ""}


def _wall_s(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli_against_floor(runs: int = CLI_RUNS) -> tuple[float, float]:
    """Median wall seconds of `sim grade ID FILE --json --no-save` and of the import floor."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        answer = Path(tmp) / "answer.txt"
        answer.write_text(answer_of(300), encoding="utf-8")
        env = _offline_env(Path(tmp) / "data")
        grade = [python, "-m", "sim", "grade", CLI_QUESTION, str(answer), "--json", "--no-save"]
        floor = [python, "-c", "import pydantic, yaml"]
        _wall_s(grade, env)  # a first run writes what later runs reuse, as for a user
        cli, base = [], []
        for _ in range(runs):
            cli.append(_wall_s(grade, env))
            base.append(_wall_s(floor, env))
    return statistics.median(cli), statistics.median(base)


def bank_load_ms(runs: int = 10) -> float:
    """What a process pays for the bank once the data cache holds it (every input hashed, the
    stored entry read and validated), median of several loads."""
    from sim import catalog

    catalog.bank.cache_clear()
    catalog.bank()  # the first run builds and stores the entry
    samples = []
    for _ in range(runs):
        catalog.bank.cache_clear()
        start = time.perf_counter()
        catalog.bank()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def llm_calls_per_answer() -> int:
    """Calls the LLM grader makes for one answer and its follow-up, counted from its call log
    while replaying the recorded server exchange (no server, no key needed)."""
    import logging

    import vcr

    from sim import catalog, service
    from sim.llm import client
    from sim.llm.settings import load_settings

    logging.disable(logging.WARNING)  # the tiny model has no tokenizer: estimates are expected
    client._mode_memory.clear()  # the cassette holds the structured-output negotiation too
    question = catalog.bank().get("sd-url-shortener")
    answer = (ROOT / "tests" / "data" / "answers" / "url_shortener.txt").read_text()
    grader = service.grader_for("llm", load_settings(LLM_ENV))
    recorder = vcr.VCR(match_on=["method", "scheme", "host", "path", "query", "body"])
    with recorder.use_cassette(str(LLM_CASSETTE), record_mode="none"):
        request = service.request_for(question, answer)
        verdict, _ = service.judge(request, grader, catalog.rubric())
        grader.follow_up(request, verdict)
    return len(grader.calls)


SUITE_GOAL_S = 120
SUITE_RUN = ROOT / ".pytest_cache" / "v" / "sim" / "suite_run"  # tests/conftest.py writes it


def suite_figure() -> Figure:
    """The last whole `make test` run's wall time, as pytest's cache recorded it."""
    name, goal = "test suite (last whole make test)", f"<= {SUITE_GOAL_S} s"
    try:
        run = json.loads(SUITE_RUN.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Figure(name, math.nan, "s", SUITE_GOAL_S, goal, missing="no run yet: make test")
    detail = (
        f"{run['passed']} passed, {run['failed']} failed, {run['workers']} workers, "
        f"{run['finished']}"
    )
    failed = run["failed"] or run.get("error") or run["exit_status"]
    return Figure(
        f"{name}: {detail}",
        run["seconds"],
        "s",
        SUITE_GOAL_S,
        goal,
        missing="the run failed" if failed else "",
    )


def figures() -> list[Figure]:
    cli_s, floor_s = cli_against_floor()
    out = [
        Figure(
            f"sim grade --json --no-save (floor {floor_s * 1000:.0f} ms)",
            cli_s / floor_s,
            f"x floor ({cli_s * 1000:.0f} ms)",
            4,
            "<= 4x floor",
        ),
    ]
    measures: list[tuple[str, Callable[[], float], str, float, str]] = [
        ("bank load (cached)", bank_load_ms, "ms", 100, "<= 100 ms"),
        ("offline grade, 800 words", lambda: time_grading()["median_ms"], "ms", 5, "<= 5 ms"),
        # Linear in length: twice the words costs about twice the time, never a square.
        ("offline grade, 1600 / 800 words", growth_with_length, "x", 2.3, "<= 2.3x (linear)"),
        ("LLM calls per answer", lambda: float(llm_calls_per_answer()), "calls", 1, "1"),
        # A new process each time (as a restarted server); the databases are seeded once.
        ("History first visit, 10k answers", lambda: cold_ms(10_000), "ms", 1000, "<= 1 s"),
        ("History first visit, 100k answers", lambda: cold_ms(100_000), "ms", 1500, "<= 1.5 s"),
        (
            "History Progress tab, 100k answers",
            lambda: cold_ms(100_000, "Progress"),
            "ms",
            1500,
            "<= 1.5 s",
        ),
    ]
    out += [
        Figure(name, measure(), unit, goal, text) for name, measure, unit, goal, text in measures
    ]
    prefix = identical_prefix_by_kind()  # None: no tiktoken encoding can load here
    out += [
        Figure(
            f"identical grade-prompt prefix, {kind.value}",
            tokens,
            "tokens",
            CACHE_MINIMUM,
            f">= {CACHE_MINIMUM} tokens",
            at_least=True,
        )
        for kind, tokens in (prefix or {}).items()
    ]
    if prefix is None:
        out.append(
            Figure(
                "identical grade-prompt prefix",
                math.nan,
                "tokens",
                CACHE_MINIMUM,
                f">= {CACHE_MINIMUM} tokens",
                at_least=True,
                missing="no o200k_base encoding (TIKTOKEN_CACHE_DIR)",
            )
        )
    out.append(
        Figure("fresh clone -> app served (make run)", clone_to_served_s(), "s", 60, "<= 60 s")
    )
    out.append(suite_figure())
    return out


def _verdict(f: Figure) -> str:
    if f.met:
        return "met"
    # A figure measured but not counted (a failed suite run) says why beside the verdict.
    return f"NOT met ({f.missing})" if f.missing and not math.isnan(f.now) else "NOT met"


def table(rows: list[Figure]) -> str:
    header = ("figure", "now", "goal", "met")
    cells = [
        (
            f.name,
            f"not measured: {f.missing}"
            if math.isnan(f.now)
            else f"{f.now:.{0 if f.unit in ('calls', 'tokens') else 2}f} {f.unit}",
            f.goal_text,
            _verdict(f),
        )
        for f in rows
    ]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *cells]
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["SIM_DATA_DIR"] = data_dir  # the bench's caches are its own, never the user's
        os.environ.pop("SIM_CACHE_DIR", None)
        print(table(figures()))
