"""The container's entry point (deploy/entrypoint.py, a script, not a package) as a module."""

import importlib.util
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "deploy" / "entrypoint.py"


def _load():
    spec = importlib.util.spec_from_file_location("entrypoint", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


entrypoint = _load()
