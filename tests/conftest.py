import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from sim import catalog
from sim.deployment import SHARED_DEPLOYMENT_ENV
from sim.domain.bank import QuestionBank
from sim.domain.rubric import Rubric
from sim.llm.settings import SECRETS_FILE_ENV, LLMSettings
from sim.storage.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_or_skip(condition: bool, reason: str) -> None:
    """Skip with a printed reason on a user's machine; in CI a missing prerequisite is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data cache for the whole run: entries are keyed by their inputs' hashes, so every
    test (and every process a test starts) reads the validated bank and the grader's compiled
    data that the first one stored, instead of parsing every data file again. The tests of the
    cache itself give themselves an empty one."""
    return tmp_path_factory.mktemp("data_cache")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data_cache: Path
) -> None:
    # No test may touch a user's real database or pick up a real API key.
    monkeypatch.setenv("SIM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIM_CACHE_DIR", str(shared_data_cache))
    # Nor a developer's provider profiles and remembered keys (providers.json, keys.json).
    monkeypatch.setenv("SIM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # The app marks a shared deployment in its environment when sign-in is configured: set
    # (then cleared with the other settings below) so that whatever a test's run marks is undone.
    monkeypatch.setenv(SHARED_DEPLOYMENT_ENV, "")
    for field in LLMSettings.model_fields.values():  # a developer's shell settings stay out
        monkeypatch.delenv(field.alias, raising=False)
    # Nor may a developer's ~/.streamlit/secrets.toml or ./.streamlit/secrets.toml: every test
    # gets its own home and working directory, and subprocesses (which may run in the
    # checkout) are told to read no secrets file at all.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(SECRETS_FILE_ENV, "")
    # tiktoken reads encodings from here instead of downloading them (tests run offline).
    cache = SHARED / "assets" / "tiktoken_cache"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache if cache.is_dir() else tmp_path / "none"))


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return catalog.rubric()


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return catalog.bank()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    from tests.pg_server import find_bin_dir, running_postgres

    if url := os.environ.get("SIM_TEST_DATABASE_URL"):
        yield url
        return
    need_or_skip(find_bin_dir() is not None, "PostgreSQL server binaries are not installed")
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """Every storage test runs on a real SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        return
    url = request.getfixturevalue("postgres_url")
    eng = make_engine(url)
    yield eng
    from sqlmodel import SQLModel

    SQLModel.metadata.drop_all(eng)
    eng.dispose()


class BrokenGrader:
    """A grader whose call times out: what must never lose a saved answer or story."""

    name = "broken"

    def assess(self, request):
        raise TimeoutError("grader timed out")

    def follow_up(self, request, verdict):
        return None


@pytest.fixture(scope="session")
def _chromium():
    """One headless Chromium (the system's, never a downloaded one) for the whole run: starting
    it costs more than most browser tests' own work. Each test's pages get contexts of their
    own (see `browser`), so no cookie, storage or session crosses from one test to the next."""
    from tests.browser_app import CHROMIUM, CHROMIUM_ARGS

    need_or_skip(Path(CHROMIUM).exists(), "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    need_or_skip(sync_playwright is not None, "playwright is not installed (dev extras)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def browser(_chromium):
    """The run's Chromium, driven by playwright; every context a test opened (each
    `browser.new_page()` opens one) is closed when it ends."""
    yield _chromium
    for context in list(_chromium.contexts):
        context.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Under pytest-xdist (`make test`, `--dist loadgroup`) the browser tests run one after
    # another in one worker, sharing its Chromium, and the llama.cpp tests in one worker (each
    # module starts one server), while the other tests are shared out one by one.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif item.get_closest_marker("llama"):
            item.add_marker(pytest.mark.xdist_group("llama"))


@pytest.fixture(scope="session")
def eval_build(tmp_path_factory: pytest.TempPathFactory):
    """The evaluation sets built once per run from ../shared/eval (a build takes seconds): every
    test that reads them shares this one; only tests of the builder itself build again."""
    from sim.evaluation import sets as eval_sets

    need_or_skip((SHARED / "eval").is_dir(), f"licensed evaluation texts not found at {SHARED}")
    return eval_sets.build(SHARED, tmp_path_factory.mktemp("eval_sets"))


_RUN_STARTED: list[float] = []
SUITE_RUN_KEY = "sim/suite_run"  # read by `make bench` (benchmarks/speed_table.py)


def pytest_sessionstart(session: pytest.Session) -> None:
    _RUN_STARTED.append(time.perf_counter())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The wall time of a whole run (`make test`: every test path, nothing selected out) is kept
    in pytest's cache for the bench to print beside its goal; a partial run records nothing."""
    config = session.config
    if hasattr(config, "workerinput") or getattr(config, "cache", None) is None:
        return  # an xdist worker, or the cache plugin is off
    option = config.option
    whole = (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not option.keyword
        and not option.markexpr
        and not getattr(option, "deselect", None)
        and not getattr(option, "lf", False)
        and not getattr(option, "maxfail", 0)
    )
    if not whole or not _RUN_STARTED:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    counts = {k: len(reporter.stats.get(k, [])) for k in ("passed", "failed", "error", "skipped")}
    config.cache.set(
        SUITE_RUN_KEY,
        {
            "seconds": round(time.perf_counter() - _RUN_STARTED[0], 1),
            **counts,
            "exit_status": int(exitstatus),
            "workers": getattr(option, "numprocesses", None) or 0,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
