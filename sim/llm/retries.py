"""Retries under the overall deadline. The SDK's own retries restart its per-request timeout
each time (three tries of a 60 s timeout took 192 s), so the client runs with none and this
loop retries what may succeed (429, 408, 409, 5xx, timeouts, lost connections), honouring
Retry-After, and never waits past the deadline."""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import openai

from sim.llm import deadline

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_STATUSES = frozenset({408, 409, 429})
MAX_RETRY_AFTER_S = 60.0  # a longer Retry-After is reported, not waited for


def should_retry(exc: openai.APIError) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # timeouts included
        return True
    if isinstance(exc, openai.APIStatusError):
        flag = exc.response.headers.get("x-should-retry", "").lower()
        if flag in ("true", "false"):  # the provider's own say wins
            return flag == "true"
        return exc.status_code in RETRY_STATUSES or exc.status_code >= 500
    return False


def _retry_after(exc: openai.APIError) -> float | None:
    headers = exc.response.headers if isinstance(exc, openai.APIStatusError) else {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            seconds = float(headers.get(name, "")) * scale
        except ValueError:
            continue
        if 0 < seconds <= MAX_RETRY_AFTER_S:
            return seconds
    return None


def wait_before_retry(exc: openai.APIError, retries_done: int) -> float:
    if (asked := _retry_after(exc)) is not None:
        return asked
    return min(0.5 * 2**retries_done, 8.0) * (1 - 0.25 * random.random())


def with_retries(call: Callable[[float | None], T], max_retries: int) -> T:
    """`call(seconds_left)` until it succeeds, fails for good, or the deadline leaves no time."""
    retries_done = 0
    while True:
        try:
            return call(deadline.remaining())
        except openai.APIError as exc:
            if retries_done >= max_retries or not should_retry(exc):
                raise
            wait = wait_before_retry(exc, retries_done)
            left = deadline.remaining()
            if left is not None and wait >= left:
                raise  # the next try could not finish in time
            log.info("retrying in %.1f s (%s)", wait, type(exc).__name__)
            time.sleep(wait)
            retries_done += 1
