"""One overall deadline for a grading, across every request and retry it makes. The SDK's own
timeout is per request (and per socket read: a server that trickles a byte now and then never
trips it), so the transport below gives every connect, read and write at most the time left."""

import contextlib
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore2
import httpx2

_deadline: ContextVar[float | None] = ContextVar("sim_llm_deadline", default=None)


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Everything in the block ends `seconds` from now; an enclosing, earlier deadline wins."""
    end = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(end if current is None else min(current, end))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the current deadline (never negative), None outside any."""
    end = _deadline.get()
    return None if end is None else max(0.0, end - time.monotonic())


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    left = remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise error("the overall deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, *args: Any, **kwargs: Any) -> httpcore2.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(*args, **kwargs))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore2.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        timeout = _clamp(timeout, httpcore2.ConnectTimeout)
        return _DeadlineStream(
            super().connect_tcp(host, port, timeout, local_address, socket_options)
        )


class DeadlineTransport(httpx2.HTTPTransport):
    """The default transport (the SDK's TLS and pool settings) whose sockets honour the
    deadline. httpx has no public hook for the network backend: the pool's is replaced."""

    def __init__(self) -> None:
        super().__init__()
        self._pool._network_backend = _DeadlineBackend()
