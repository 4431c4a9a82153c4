"""Validated data kept between runs in the data dir, so a process need not parse and check every
data file again: a JSON file per entry, keyed by the sha256 of every input file and the format's
version. A missing, stale or unreadable entry is rebuilt silently; writing one never fails the
caller (a read-only data dir just means no cache).

`cached` keeps a pydantic model; `cached_value` keeps any value pydantic can read back exactly,
such as the grader's compiled dataclasses (a TypeAdapter checks the stored JSON against the
type, so an entry from older code is rebuilt rather than misread)."""

import gc
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from sim import paths

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class _Entry(BaseModel, Generic[M]):
    key: str
    value: M


@contextmanager
def long_lived() -> Iterator[None]:
    """Around building data that lives as long as the process (the bank, the lexicon, the
    grader's cues): the garbage collector stays out meanwhile, then leaves what exists out of
    later collections. Otherwise allocating those objects runs full collections over everything
    built so far, which find nothing to free: they made loading the cached bank half as slow
    again, and every later collection would walk the same objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def cache_dir() -> Path:
    return paths.cache_dir()


def inputs_key(version: str, files: Sequence[Path]) -> str:
    """Changes when any file's content, name or order changes, or the format's version."""
    digest = hashlib.sha256(f"format {version}\n".encode())
    for path in files:
        digest.update(f"{path}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _read(path: Path, key: str, model: type[M]) -> M | None:
    try:
        entry = _Entry[model].model_validate_json(path.read_bytes())  # type: ignore[valid-type]
    except (OSError, ValidationError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.info("cache %s is unreadable (%s); rebuilding it", path, type(exc).__name__)
        return None
    return entry.value if entry.key == key else None


def _write(path: Path, key: str, value: BaseModel) -> None:
    data = _Entry[type(value)](key=key, value=value).model_dump_json()  # type: ignore[misc]
    _write_text(path, data)


def _write_text(path: Path, data: str) -> None:
    """Temp file then rename: a reader sees the old entry or the new one, never half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.info("cannot write cache %s (%s); carrying on without it", path, exc)


def cached(
    name: str, version: str, inputs: Sequence[Path], model: type[M], build: Callable[[], M]
) -> M:
    """The entry `name` if it was built from exactly these inputs, else `build()`, stored."""
    try:
        key = inputs_key(version, inputs)
    except OSError:  # an input cannot be read: let build() say so, in its own words
        return build()
    path = cache_dir() / f"{name}.json"
    if (hit := _read(path, key, model)) is not None:
        return hit
    value = build()
    _write(path, key, value)
    return value


@dataclass(frozen=True)
class _ValueEntry(Generic[T]):
    key: str
    value: T


@lru_cache(maxsize=16)
def _adapter(value_type: Any) -> TypeAdapter:
    return TypeAdapter(_ValueEntry[value_type])


def cached_value(
    name: str, version: str, inputs: Sequence[Path], value_type: Any, build: Callable[[], T]
) -> T:
    """As `cached`, for a value of `value_type` (a dataclass, a tuple of models, ...)."""
    try:
        key = inputs_key(version, inputs)
    except OSError:
        return build()
    path = cache_dir() / f"{name}.json"
    adapter = _adapter(value_type)
    try:
        entry = adapter.validate_json(path.read_bytes())
        if entry.key == key:
            return entry.value
    except (OSError, ValidationError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.info("cache %s is unreadable (%s); rebuilding it", path, type(exc).__name__)
    value = build()
    _write_text(path, adapter.dump_json(_ValueEntry(key, value)).decode())
    return value
