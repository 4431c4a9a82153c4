"""Validated data kept between runs in the data dir, so a process need not parse and check every
data file again: a JSON file per entry, keyed by the sha256 of every input file and the format's
version. A missing, stale or unreadable entry is rebuilt silently; writing one never fails the
caller (a read-only data dir just means no cache)."""

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from sim import paths

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class _Entry(BaseModel, Generic[M]):
    key: str
    value: M


def cache_dir() -> Path:
    return paths.data_dir() / "cache"


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
    """Temp file then rename: a reader sees the old entry or the new one, never half of one."""
    data = _Entry[type(value)](key=key, value=value).model_dump_json()  # type: ignore[misc]
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
