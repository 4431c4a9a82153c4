"""Reading YAML data files into pydantic models with errors that name file, record and field
(or line and column): every way a file can be unreadable ends as one DataFileError."""

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sim.domain.errors import DataFileError

M = TypeVar("M", bound=BaseModel)

# libyaml's C loader is several times faster; pure-Python SafeLoader is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line_column(raw: bytes, offset: int) -> str:
    """'line L, column C' (1-based, columns in bytes) of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _decode(path: Path, raw: bytes) -> str:
    if (nul := raw.find(b"\x00")) >= 0:
        raise DataFileError(
            path,
            [
                f"{_line_column(raw, nul)}: binary content (a NUL byte), not YAML text; "
                "data files are UTF-8 YAML"
            ],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            path,
            [
                f"{_line_column(raw, exc.start)}: not UTF-8 text (byte 0x{raw[exc.start]:02x}, "
                "as Latin-1 or Windows-1252 would write it); save the file as UTF-8"
            ],
        ) from exc


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    if not isinstance(exc, yaml.MarkedYAMLError) or mark is None:
        return f"invalid YAML: {exc}"
    text = f"line {mark.line + 1}, column {mark.column + 1}: invalid YAML: {exc.problem}"
    if exc.context and exc.context_mark is not None:
        start = exc.context_mark
        text += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
    return text


def read_yaml(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, [f"cannot read file: {exc.strerror or exc}"]) from exc
    text = _decode(path, raw)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise DataFileError(path, [_describe_yaml_error(exc)]) from exc


def kind_of(value: object) -> str:
    """What a YAML value is, in the words a user would use."""
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


def read_mapping(path: Path, model: type[BaseModel]) -> dict[str, Any]:
    """The file's top-level mapping ({} for an empty file), or a refusal naming what is there
    and what the model expects."""
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        keys = " and ".join(repr(k) for k in model.model_fields)
        raise DataFileError(
            path,
            [f"top level: the file holds a {kind_of(data)}, where a mapping of {keys} is expected"],
        )
    return data


def field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    """pydantic's location as a path into the file: ("questions", 2, "kind") is
    questions[2].kind."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(top level)"


def describe_validation_error(exc: ValidationError, data: Any) -> list[str]:
    """Turn pydantic's locations into "question '<id>': field questions[2].kind: message" lines:
    the record by its id (when it has one) and the full path to the field."""
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        prefix = ""
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
            collection = data.get(loc[0])
            if isinstance(collection, list) and loc[1] < len(collection):
                record = collection[loc[1]]
                record_id = record.get("id") if isinstance(record, dict) else None
                if record_id:
                    prefix = f"{str(loc[0]).rstrip('s')} {record_id!r}: "
        problems.append(f"{prefix}field {field_path(loc)}: {err['msg']}")
    return problems


def load_model(path: Path, model: type[M]) -> M:
    data = read_mapping(path, model)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(path, describe_validation_error(exc, data)) from exc
