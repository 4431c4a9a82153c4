"""History page speed with a large history. Run: python benchmarks/history_10k.py [--postgres].

Builds a throwaway database with 10,000 answers over two years (a realistic mix of questions, kinds,
tracks and topics from the bank; some pending, some re-graded, some in timed sessions). Grades
come from the offline grader: ~20 real answers are graded and their feedback reused with varied
levels, so the stored JSON has the exact shape and size of real grades. Then it times what the
History page asks the database for and prints JSON with the median milliseconds of several runs.
Asserts nothing (timing belongs here, not in tests).

`--postgres` runs the same on a throwaway PostgreSQL server (Debian server binaries, as the test
suite does); `--url URL` uses an existing, empty database instead."""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from sim import catalog, review, service  # noqa: E402
from sim.domain.history import HistoryFilters  # noqa: E402
from sim.domain.questions import Question  # noqa: E402
from sim.storage.db import make_engine  # noqa: E402
from sim.storage.models import (  # noqa: E402
    Attempt,
    AttemptTrack,
    Grade,
    InterviewSession,
    level_columns,
)

SEED_ANSWERS = sorted((ROOT / "tests" / "data" / "answers").glob("*.txt"))
FILLER = [
    "First the requirements: {n} requests per second at peak, p99 under {m} ms, and one region.",
    "I chose {c} over a self-hosted option because the team of {m} engineers cannot run it.",
    "If {c} fails we fail over and alert on-call within {m} seconds; the runbook covers it.",
    "The rollout goes through a canary at {m} percent of traffic with a flag to roll back.",
    "I owned the migration and measured it: cost fell by {m} percent, about ${n} a month.",
    "The trade-off is latency against consistency; we accept {m} seconds of staleness.",
]
IN_SESSIONS = 0.3  # share of answers given in timed sessions
PER_SESSION = 4  # answers per session on average
COMPONENTS = ["Redis", "Cosmos DB", "Service Bus", "the API gateway", "Azure SQL", "SQS", "EKS"]


def _answer(question: Question, rng: random.Random) -> str:
    """A plausible answer: some of the question's key points in sentences, plus filler."""
    parts = [SEED_ANSWERS[rng.randrange(len(SEED_ANSWERS))].read_text()[:1500]]
    for point in rng.sample(question.key_points, k=min(3, len(question.key_points))):
        parts.append(f"We cover {point.point.lower()} explicitly.")
    for i in range(rng.randint(3, 12)):
        parts.append(
            FILLER[(i + rng.randrange(6)) % 6].format(
                n=rng.randint(100, 9000), m=rng.randint(2, 60), c=rng.choice(COMPONENTS)
            )
        )
    return "\n\n".join(parts)


def _templates(questions: list[Question], rng: random.Random, count: int = 20) -> list[dict]:
    """Grade `count` real answers with the offline grader; keep their stored JSON shapes."""
    rubric, grader = catalog.rubric(), service.default_grader()
    templates = []
    for question in rng.sample(questions, count):
        answer = _answer(question, rng)
        verdict, feedback = service.judge(service.request_for(question, answer), grader, rubric)
        templates.append(
            {
                "answer": answer,
                "feedback": json.loads(feedback.model_dump_json()),
                "verdict_json": verdict.model_dump_json(),
            }
        )
    return templates


def _graded_feedback(template: dict, progress: float, rng: random.Random) -> tuple[dict, float]:
    """The template's feedback with levels that improve over time (with noise)."""
    rubric = catalog.rubric()
    feedback = json.loads(json.dumps(template["feedback"]))
    levels = []
    for dim in feedback["dimensions"]:
        if rng.random() < 0.08:
            dim["level"] = None  # not enough evidence
            continue
        level = round(1.4 + 1.8 * progress + rng.gauss(0, 0.7))
        dim["level"] = min(4, max(1, level))
        levels.append(dim["level"])
    overall = round(sum(levels) / len(levels), 2) if len(levels) >= 3 else None
    feedback["overall"] = overall
    feedback["signal"] = (
        rubric.signal_for(overall) if overall is not None else "Not enough evidence"
    )
    return feedback, overall


def populate(engine, answers: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    questions = list(catalog.bank().questions)
    templates = _templates(questions, rng)
    start = datetime.now(UTC) - timedelta(days=730)
    step = timedelta(days=730) / answers
    # Timed rounds hold a few answers each, as real ones do (a loop is 2 to 8 questions).
    session_count = max(1, round(answers * IN_SESSIONS / PER_SESSION))
    sessions = [
        {
            "id": i + 1,
            "format_id": "system_design_round",
            "title": f"Mock loop {i + 1}",
            "question_ids": "",
            "follow_ups_per_question": 1,
            "status": "finished",
            "started_at": start + step * (i * answers / session_count),
            "finished_at": start + step * (i * answers / session_count) + timedelta(hours=1),
        }
        for i in range(session_count)
    ]
    attempts, grades, tracks = [], [], []
    grade_id = 0
    for i in range(answers):
        question = rng.choice(questions)
        template = rng.choice(templates)
        when = start + step * i
        pending = rng.random() < 0.03
        attempts.append(
            {
                "id": i + 1,
                "question_id": question.id,
                "kind": question.kind.value,
                "topic": question.topic,
                "tracks": ",".join(t.value for t in question.tracks),
                "prompt": question.prompt,
                "answer": template["answer"],
                "status": "submitted" if pending else "graded",
                "time_limit_s": question.time_limit_s,
                "elapsed_s": rng.randint(120, question.time_limit_s),
                "started_at": when - timedelta(minutes=20),
                "submitted_at": when,
                "session_id": (
                    min(session_count, int(i / answers * session_count) + 1)
                    if rng.random() < IN_SESSIONS
                    else None
                ),
                "latest_grade_id": None,
                "overall": None,
                **level_columns({}),
            }
        )
        tracks += [{"track": t.value, "attempt_id": i + 1} for t in question.tracks]
        if pending:
            continue
        for regrade in range(2 if rng.random() < 0.05 else 1):
            feedback, overall = _graded_feedback(template, i / answers, rng)
            grade_id += 1
            attempts[-1].update(  # the latest grade's figures, as repo.save_grade writes them
                latest_grade_id=grade_id,
                overall=overall,
                **level_columns({d["dimension"]: d["level"] for d in feedback["dimensions"]}),
            )
            grades.append(
                {
                    "id": grade_id,
                    "attempt_id": i + 1,
                    "grader": "offline",
                    "model": "offline-heuristic",
                    "rubric_version": catalog.rubric().version,
                    "overall": overall,
                    "signal": feedback["signal"],
                    "feedback_json": json.dumps(feedback),
                    "verdict_json": template["verdict_json"],
                    "created_at": when + timedelta(seconds=1 + regrade),
                }
            )
    with engine.begin() as conn:
        conn.execute(insert(InterviewSession.__table__), sessions)
        for chunk in range(0, len(attempts), 1000):
            conn.execute(insert(Attempt.__table__), attempts[chunk : chunk + 1000])
        for chunk in range(0, len(grades), 1000):
            conn.execute(insert(Grade.__table__), grades[chunk : chunk + 1000])
        for chunk in range(0, len(tracks), 1000):
            conn.execute(insert(AttemptTrack.__table__), tracks[chunk : chunk + 1000])
    if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        with engine.begin() as conn:
            for table in ("attempt", "grade", "interview_session"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    return {"answers": len(attempts), "grades": len(grades), "sessions": len(sessions)}


def median_ms(action, runs: int) -> float:
    action()  # warm-up (statement caches, page cache)
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(samples), 2)


def time_queries(engine, runs: int) -> dict:
    last_year = date.today() - timedelta(days=365)
    filtered = HistoryFilters(
        kind="deep_dive",
        track="azure",
        date_from=last_year,
        date_to=date.today(),
        score_min=2.5,
        score_max=4.0,
    )
    by_dimension = HistoryFilters(
        kind="deep_dive",
        track="azure",
        date_from=last_year,
        date_to=date.today(),
        score_on="depth",
        score_min=3,
        score_max=4,
    )
    dimension_only = HistoryFilters(score_on="depth", score_min=3, score_max=4)
    page_100 = review.history_page(engine, HistoryFilters(), page=100, page_size=50)
    first_row = page_100.rows[0]
    retry = review.attempts_at(engine, first_row.question_id)
    pair = (retry[0].attempt_id, retry[1].attempt_id) if len(retry) > 1 else None

    timings = {
        "filter_options": lambda: review.filter_options(engine),
        "count_all": lambda: review.count(engine, HistoryFilters()),
        "page_1": lambda: review.history_page(engine, HistoryFilters(), page=1),
        "page_100": lambda: review.history_page(engine, HistoryFilters(), page=100),
        "count_filtered": lambda: review.count(engine, filtered),
        "filtered_page_kind_track_date_overall": lambda: review.history_page(engine, filtered),
        "filtered_page_kind_track_date_depth": lambda: review.history_page(engine, by_dimension),
        "filtered_page_depth_only_all_dates": lambda: review.history_page(engine, dimension_only),
        "chart_data_all": lambda: review.chart_data(engine, HistoryFilters()),
        "chart_data_filtered": lambda: review.chart_data(engine, filtered),
        "attempts_at_question": lambda: review.attempts_at(engine, first_row.question_id),
        "sessions": lambda: review.sessions(engine),
    }
    if pair:
        timings["compare"] = lambda: review.compare(engine, *pair)
    result = {name: median_ms(action, runs) for name, action in timings.items()}
    counts = {
        "matching_filtered": review.count(engine, filtered),
        "matching_kind_track_date_depth": review.count(engine, by_dimension),
        "matching_depth_only": review.count(engine, dimension_only),
    }
    return {"median_ms": result, "counts": counts}


def time_page_script(runs: int) -> dict:
    """The whole History page script (every query plus Streamlit's rendering), via AppTest:
    a first load (chart cache cleared) and moving to the next page (charts cached)."""
    import streamlit as st
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    streamlit_logger.set_log_level("error")  # AppTest outside a server warns on every run

    first, next_page = [], []
    for attempt in range(runs + 1):  # the first round warms up imports
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.secrets["sim_test"] = "dummy"
        at.run()
        began = time.perf_counter()
        at.switch_page("sim/ui/app_pages/history.py").run()
        loaded = time.perf_counter()
        at.number_input(key="hist_page").set_value(2).run()
        done = time.perf_counter()
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        if attempt:
            first.append((loaded - began) * 1000)
            next_page.append((done - loaded) * 1000)
    return {
        "first_load_ms": round(statistics.median(first), 2),
        "next_page_ms": round(statistics.median(next_page), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--page-runs", type=int, default=3, help="AppTest runs of the page")
    parser.add_argument("--url", help="an existing, empty database (default: a temp SQLite file)")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="PostgreSQL: time before statistics exist (autovacuum would gather them a minute "
        "after a load this size; without them the planner guesses badly)",
    )
    args = parser.parse_args(argv)

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sim-bench-")))
        url = args.url
        if args.postgres:
            from tests.pg_server import running_postgres

            url = stack.enter_context(running_postgres())
        url = url or f"sqlite:///{tmp / 'sim.db'}"
        # The page script reads the same database (SQLite: SIM_DATA_DIR; else DATABASE_URL).
        os.environ["SIM_DATA_DIR"] = str(tmp)
        if not url.startswith("sqlite"):
            os.environ["DATABASE_URL"] = url
        engine = make_engine(url)
        began = time.perf_counter()
        sizes = populate(engine, args.answers)
        build_s = round(time.perf_counter() - began, 1)
        analyzed = engine.dialect.name == "postgresql" and not args.no_analyze
        if analyzed:
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        figures = time_queries(engine, args.runs)
        report = {
            "database": engine.dialect.name,
            **sizes,
            "build_s": build_s,
            "analyzed": analyzed,
            "runs": args.runs,
            **figures,
            "history_page_script": time_page_script(args.page_runs),
        }
        engine.dispose()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
