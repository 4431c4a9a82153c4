"""N simulated users on two app servers sharing one database, all on loopback: each signs in
through the OpenID provider on one of the servers (alternating), then answers on Practice and
waits for the feedback, `answers` times, all users at once, over Streamlit's own websocket
protocol (tests/streamlit_client.py), so the answer and grade path is the app's own. The whole
run has a time budget and stops by itself when it is spent. Used by tests/test_load.py (small)
and benchmarks/load.py (`make bench-load`, the figures)."""

import asyncio
import contextlib
import math
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.browser_app import App
from tests.oidc_provider import Person, oidc_provider, write_auth_secrets
from tests.streamlit_client import Session, sign_in

BODY = (
    "Requirements first: 100M new links a day and 10B redirects a day, reads dominate writes. "
    "I would keep a key-value store keyed by the short code, with a cache in front, because a "
    "redirect must stay under 50 ms at p99; the trade-off is eventual consistency for edits."
)


def people(count: int) -> list[Person]:
    return [
        Person(f"user{n:03d}", f"User {n:03d}", f"user{n:03d}@example.com") for n in range(count)
    ]


def answer_text(person: Person, number: int) -> str:
    """Unique per user and answer, so every stored row can be traced to who wrote it."""
    return f"[{person.subject} answer {number}] {BODY}"


@dataclass(frozen=True)
class Submitted:
    person: Person
    server: int  # which app server the user was on
    text: str
    began: float  # submit pressed (perf_counter)
    ended: float  # the feedback's "Overall:" received

    @property
    def latency_s(self) -> float:
        return self.ended - self.began


@dataclass(frozen=True)
class LoadResult:
    users: int
    servers: int
    submitted: list[Submitted]

    @property
    def wall_s(self) -> float:
        """From the first submit pressed to the last feedback received."""
        if not self.submitted:
            return 0.0
        return max(s.ended for s in self.submitted) - min(s.began for s in self.submitted)

    @property
    def answers_per_s(self) -> float:
        return len(self.submitted) / self.wall_s if self.wall_s else 0.0

    @property
    def p95_s(self) -> float:
        ordered = sorted(s.latency_s for s in self.submitted)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


@contextlib.contextmanager
def two_servers(database_url: str, workdir: Path, crowd: list[Person]) -> Iterator[list[App]]:
    """An OpenID provider knowing `crowd`, and two app servers on one database, each with its
    own address in its [auth] redirect_uri and the same cookie secret."""
    with oidc_provider(crowd) as provider:
        apps = []
        try:
            for n in range(2):  # each with a data dir of its own, as containers have
                env = {"DATABASE_URL": database_url}
                app = App(workdir / f"data{n}", env=env, secrets_file=workdir / f"auth{n}.toml")
                write_auth_secrets(app.secrets_file, app.url, provider)
                app.start()
                apps.append(app)
            yield apps
        finally:
            for app in apps:
                app.stop()


async def _user(person: Person, server: int, url: str, answers: int, ready: asyncio.Barrier):
    async with httpx.AsyncClient(timeout=120) as http:
        await sign_in(url, http, person.subject)
        async with Session(url, http) as session:
            page = await session.run()
            if f"Signed in as {person.name}" not in page.texts("markdown"):
                raise AssertionError(f"{person.subject} is not signed in on server {server}")
            await ready.wait()  # everyone signed in: answering starts at once
            done = []
            for number in range(answers):
                text = answer_text(person, number)
                page = await session.type("answer::", page, text)
                began = time.perf_counter()
                page = await session.click("submit", page)
                ended = time.perf_counter()
                if not any(h.startswith("Overall:") for h in page.texts("heading")):
                    shown = page.texts("heading") + page.texts("alert")
                    raise AssertionError(
                        f"no feedback for {person.subject}'s answer {number}: {shown}"
                    )
                done.append(Submitted(person, server, text, began, ended))
            return done


async def _all(apps: list[App], crowd: list[Person], answers: int) -> LoadResult:
    ready = asyncio.Barrier(len(crowd))
    results = await asyncio.gather(
        *(
            _user(person, n % len(apps), apps[n % len(apps)].url, answers, ready)
            for n, person in enumerate(crowd)
        )
    )
    return LoadResult(len(crowd), len(apps), [s for r in results for s in r])


def run_load(apps: list[App], crowd: list[Person], answers: int, budget_s: float) -> LoadResult:
    """Every user answers `answers` times; TimeoutError once budget_s is spent."""

    async def bounded() -> LoadResult:
        return await asyncio.wait_for(_all(apps, crowd, answers), budget_s)

    # A thread of its own: the suite's Chromium (Playwright's sync API) may hold an event loop
    # in this thread, and asyncio.run() refuses to start inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, bounded()).result()
