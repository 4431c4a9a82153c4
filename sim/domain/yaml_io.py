"""Reading YAML data files into pydantic models with errors that name file, record and field."""

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sim.domain.errors import DataFileError

M = TypeVar("M", bound=BaseModel)

# libyaml's C loader is several times faster; pure-Python SafeLoader is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, [f"cannot read file: {exc.strerror or exc}"]) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise DataFileError(path, [f"invalid YAML: {exc}"]) from exc


def describe_validation_error(exc: ValidationError, data: Any) -> list[str]:
    """Turn pydantic's locations into 'question <id>: field <a.b>: message' lines."""
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        prefix = ""
        # A location like ("questions", 3, "key_points", 0, "aliases") names the record by its id.
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
            collection = data.get(loc[0])
            if isinstance(collection, list) and loc[1] < len(collection):
                record = collection[loc[1]]
                record_id = record.get("id") if isinstance(record, dict) else None
                singular = str(loc[0]).rstrip("s")
                prefix = (
                    f"{singular} {record_id!r}: " if record_id else f"{singular} #{loc[1] + 1}: "
                )
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "(record)"
        problems.append(f"{prefix}field {field}: {err['msg']}")
    return problems


def load_model(path: Path, model: type[M]) -> M:
    data = read_yaml(path)
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(path, describe_validation_error(exc, data)) from exc
