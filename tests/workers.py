"""Functions run in separate processes by the concurrency tests (importable under spawn)."""

import contextlib
import io
import json
import os


def sim_command(barrier, env: dict, argv: list[str], out_path: str) -> None:
    """Run one `sim` command in-process once every worker is ready; write rc and stdout."""
    os.environ.update(env)
    from sim.cli import main

    barrier.wait(timeout=60)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            rc = main(argv)
        except BaseException as exc:  # noqa: BLE001 - the test reports any crash
            rc, stderr = -1, io.StringIO(f"{type(exc).__name__}: {exc}")
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"rc": rc, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}, out)


def open_database(barrier, url: str, out_path: str) -> None:
    """Open (and so migrate) the database once every worker is ready."""
    barrier.wait(timeout=60)
    try:
        from sim.storage.db import make_engine

        make_engine(url).dispose()
        result = {"rc": 0}
    except BaseException as exc:  # noqa: BLE001
        result = {"rc": -1, "stderr": f"{type(exc).__name__}: {exc}"}
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(result, out)


def run_all(target, argsets: list[tuple], tmp_path) -> list[dict]:
    """Start one process per argument tuple, released together by a barrier; their results."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(argsets))
    outs = [str(tmp_path / f"worker-{i}.json") for i in range(len(argsets))]
    procs = [
        ctx.Process(target=target, args=(barrier, *args, out))
        for args, out in zip(argsets, outs, strict=True)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=180)
    results = []
    for proc, out in zip(procs, outs, strict=True):
        assert proc.exitcode == 0, f"worker died with exit code {proc.exitcode}"
        with open(out, encoding="utf-8") as f:
            results.append(json.load(f))
    return results


def question_record(question_id: str) -> dict:
    """A valid user question (the shape the Question bank page builds)."""
    return {
        "id": question_id,
        "kind": "system_design",
        "tracks": ["system_design"],
        "topic": "payments-ledger",
        "difficulty": "staff",
        "time_limit_min": 45,
        "prompt": "Design Contoso's payments ledger for 5,000 writes per second.",
        "source": {"seed": "user", "section": "my own question"},
        "key_points": [
            {"point": f"Key point number {i}", "aliases": [f"alias{i}"]} for i in range(5)
        ],
        "follow_ups": [
            {"dimension": "depth", "question": "What if the provider times out?"},
            {"dimension": "ownership", "question": "Who gets paged at 3am?"},
        ],
        "competencies": [],
    }


def add_questions(barrier, bank_dir: str, ids: list[str], out_path: str) -> None:
    """Add user questions one after another once every worker is ready; report the acknowledged."""
    os.environ["SIM_USER_BANK_DIR"] = bank_dir
    from sim import user_bank

    barrier.wait(timeout=60)
    acknowledged, errors = [], []
    for question_id in ids:
        try:
            user_bank.add_user_question(question_record(question_id), "Payments ledger")
            acknowledged.append(question_id)
        except Exception as exc:  # noqa: BLE001 - reported, the test decides
            errors.append(f"{type(exc).__name__}: {exc}")
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"rc": 0, "acknowledged": acknowledged, "errors": errors}, out)


class GatedGrader:
    """Stands in for a slow paid grader: counts its calls and holds each until released."""

    name = "gated"

    def __init__(self, calls_path: str, started, release) -> None:
        self.calls_path, self.started, self.release = calls_path, started, release

    def assess(self, request):
        from sim import catalog
        from sim.graders.offline import OfflineGrader

        with open(self.calls_path, "a", encoding="utf-8") as calls:
            calls.write("call\n")
        self.started.set()
        assert self.release.wait(timeout=120), "never released"
        return OfflineGrader(catalog.rubric()).assess(request)

    def follow_up(self, request, verdict):
        return None


def grade_once(barrier, url: str, what: dict, calls_path: str, started, release, results) -> None:
    """Submit (with a submission key) or re-grade, as a double click would; report the outcome."""
    from sim import catalog, service
    from sim.storage.db import make_engine

    engine = make_engine(url)
    grader = GatedGrader(calls_path, started, release)
    barrier.wait(timeout=60)
    try:
        if "attempt_id" in what:
            outcome = service.regrade(engine, what["attempt_id"], grader)
        else:
            question = catalog.bank().get("py-fastapi-vs-django")
            outcome = service.grade_answer(
                engine, question, what["answer"], grader=grader, submission_key=what["key"]
            )
        results.put(("graded", outcome.attempt_id, outcome.grade_id))
    except service.AlreadyGrading as exc:
        results.put(("already", exc.attempt_id, str(exc.__cause__)))
    except BaseException as exc:  # noqa: BLE001
        results.put(("crash", None, f"{type(exc).__name__}: {exc}"))
    engine.dispose()
