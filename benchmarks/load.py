"""Load on a shared deployment. Run: python benchmarks/load.py [--users 16] [--answers 3].

Starts a throwaway PostgreSQL server, an OpenID provider and two app servers (`streamlit run`),
all on loopback; then every simulated user signs in on one of the servers and answers on
Practice `--answers` times, all at once, over Streamlit's websocket protocol (tests/load_run.py,
the machinery tests/test_load.py checks for lost and crossed writes). Prints users, answers,
answers per second and the submit -> feedback latency (median, p95, max) as JSON. The run stops
by itself once `--budget` seconds are spent. Asserts nothing (timing belongs here, not in tests).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.databases import empty_database  # noqa: E402
from tests.load_run import people, run_load, two_servers  # noqa: E402
from tests.pg_server import running_postgres  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--answers", type=int, default=3, help="answers per user")
    parser.add_argument("--budget", type=float, default=300, help="seconds before it stops")
    args = parser.parse_args(argv)

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sim-load-")))
        os.environ["SIM_SECRETS_FILE"] = ""  # never a developer's own secrets
        server = stack.enter_context(running_postgres())
        url = stack.enter_context(empty_database("postgresql", tmp, server))
        crowd = people(args.users)
        apps = stack.enter_context(two_servers(url, tmp, crowd))
        result = run_load(apps, crowd, args.answers, args.budget)
    latencies = sorted(s.latency_s for s in result.submitted)
    print(
        json.dumps(
            {
                "servers": result.servers,
                "users": result.users,
                "answers": len(result.submitted),
                "answers_per_s": round(result.answers_per_s, 2),
                "submit_to_feedback_s": {
                    "median": round(statistics.median(latencies), 3),
                    "p95": round(result.p95_s, 3),
                    "max": round(latencies[-1], 3),
                },
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
