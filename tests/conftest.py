import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from sim import catalog
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


@pytest.fixture
def browser():
    """A headless Chromium (the system's, never a downloaded one) driven by playwright."""
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


@pytest.fixture(scope="session")
def eval_build(tmp_path_factory: pytest.TempPathFactory):
    """The evaluation sets built once per run from ../shared/eval (a build takes seconds): every
    test that reads them shares this one; only tests of the builder itself build again."""
    from sim.evaluation import sets as eval_sets

    need_or_skip((SHARED / "eval").is_dir(), f"licensed evaluation texts not found at {SHARED}")
    return eval_sets.build(SHARED, tmp_path_factory.mktemp("eval_sets"))
