"""A user's own questions: added through the UI into a YAML file in the user bank directory,
validated exactly like the shipped bank, never overwritten by upgrades.

Adds are serialised by a lock file (two tabs or two processes adding at once both keep their
question), written to a unique temp file and moved into place, with the previous file kept as
a backup. A file whose shape this code does not understand is refused, never replaced."""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim import catalog, paths
from sim.domain.bank import load_bank
from sim.domain.errors import DataFileError
from sim.domain.questions import BankFile, Question
from sim.domain.yaml_io import describe_validation_error, read_yaml
from sim.file_lock import locked

USER_FILE_NAME = "my_questions.yaml"
BACKUP_SUFFIX = ".bak"  # not *.yaml: the bank never loads the backup


def user_file() -> Path:
    return paths.user_bank_dir() / USER_FILE_NAME


def _existing(path: Path) -> dict[str, Any]:
    """The file's content, or a refusal naming what was found where a mapping was expected."""
    if not path.exists():
        return {}
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(
            path,
            [
                f"the file holds a {_kind(data)} at the top level, where a mapping with "
                "'topics' and 'questions' is expected; nothing was added and the file was left "
                "as it is (fix or move it, then add the question again)"
            ],
        )
    for key in ("topics", "questions"):
        if key in data and not isinstance(data[key], list):
            raise DataFileError(
                path,
                [
                    f"'{key}' holds a {_kind(data[key])}, where a list is expected; nothing was "
                    "added and the file was left as it is"
                ],
            )
    return data


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


def add_user_question(question: dict[str, Any], new_topic_title: str | None = None) -> Question:
    """Validate against the whole bank (ids, topics, competencies), then append and save."""
    path = user_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path.with_name(f".{path.name}.lock")):
        data = _existing(path)
        data.setdefault("topics", [])
        data.setdefault("questions", [])
        known_topics = {t.get("id") for t in data["topics"] if isinstance(t, dict)}
        if new_topic_title and question.get("topic") not in known_topics:
            data["topics"].append({"id": question.get("topic"), "title": new_topic_title})
        data["questions"].append(question)
        try:
            parsed = BankFile.model_validate(data)
        except ValidationError as exc:
            raise DataFileError(path, describe_validation_error(exc, data)) from exc
        staging = _write_staging(path, data)
        try:
            # Ids, topics and competencies against the rest of the bank before replacing.
            others = [f for f in catalog.question_files() if f != path]
            load_bank([*others, staging], paths.QUESTION_BANK_DIR / "competencies.yaml")
        except DataFileError as exc:
            staging.unlink(missing_ok=True)
            raise DataFileError(
                path, [p.replace(str(staging), str(path)) for p in exc.problems]
            ) from exc
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + BACKUP_SUFFIX))
        os.replace(staging, path)  # atomic: a crash never leaves a half-written file
    catalog.bank.cache_clear()
    return parsed.questions[-1]


def _write_staging(path: Path, data: dict[str, Any]) -> Path:
    # Unique per call and not *.yaml, so the bank never loads it and no two writers share it.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".staging", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        out.flush()
        os.fsync(out.fileno())
    return Path(name)
