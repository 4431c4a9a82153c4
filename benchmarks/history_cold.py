"""History at 10k and 100k answers, cold: a new process, as a restarted server. Run by
`make bench`, or alone: python benchmarks/history_cold.py [--answers N] [--tab Progress].

The databases are seeded once (benchmarks/history_10k.py's realistic mix) and kept under
benchmarks/.data/ keyed by the schema version and the answer count. Each figure is the median of
fresh processes, each one landing on the default page first (the libraries every table needs are
then loading in the background, as in a server a user has just opened) and then opening
History's tab; the time is the History run alone. Asserts nothing."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
SEED_VERSION = 2  # bump when history_10k.populate changes what it writes
sys.path.insert(0, str(ROOT))


def seeded(answers: int) -> Path:
    """A SQLite database with `answers` answers at the current schema, built once."""
    from sim.storage.migrations import LATEST

    path = DATA / f"history-{answers}-schema{LATEST}-seed{SEED_VERSION}" / "sim.db"
    if path.exists():
        return path
    from benchmarks.history_10k import populate
    from sim.storage.db import make_engine

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name("building.db")
    partial.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{partial}")
    populate(engine, answers)
    engine.dispose()
    partial.rename(path)
    make_engine(f"sqlite:///{path}").dispose()  # a first start, as after a restart: statistics
    return path


def _visit(tab: str) -> float:
    """In this (new) process: the landing page, then History's `tab`; ms of the History run."""
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from sim.ui import warm_imports

    streamlit_logger.set_log_level("error")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["sim_test"] = "dummy"
    at.run()
    warm_imports.done.wait(30)  # a user reads the landing page a moment before moving on
    began = time.perf_counter()
    at.switch_page("sim/ui/app_pages/history.py")
    if tab != "Answers":
        at.session_state["history_tab"] = tab
    at.run()
    elapsed = (time.perf_counter() - began) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def cold_ms(answers: int, tab: str = "Answers", runs: int = 3) -> float:
    path = seeded(answers)
    env = {**os.environ, "SIM_DATA_DIR": str(path.parent), "SIM_SECRETS_FILE": ""}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, __file__, "--visit", tab]
    samples = [
        json.loads(subprocess.run(command, env=env, check=True, capture_output=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(samples)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--tab", default="Answers")
    parser.add_argument("--visit", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.visit:
        print(json.dumps(round(_visit(args.visit), 1)))
    else:
        print(
            json.dumps(
                {"answers": args.answers, "tab": args.tab, "ms": cold_ms(args.answers, args.tab)}
            )
        )
