"""Writing the config directory's JSON files: whole or not at all (a temporary file in the same
directory, then an atomic replace), with the permissions chosen when the file is created, so a
key file is never readable by others even for an instant."""

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def ensure_private_dir(directory: Path) -> None:
    """The config directory, made 0o700 when this creates it (whatever the umask); one the
    user made is left as it is."""
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(directory, 0o700)


def write_json(path: Path, data: Any, mode: int) -> None:
    """`data` as JSON at `path`, created with `mode` (0o600 for keys) inside a 0o700 directory
    the first time."""
    ensure_private_dir(path.parent)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(staging, mode)  # O_CREAT's mode is cut by the umask; this one is not
        os.replace(staging, path)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
