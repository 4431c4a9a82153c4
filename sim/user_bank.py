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
from sim.domain.errors import DataFileError
from sim.domain.questions import BankFile, Question
from sim.domain.yaml_io import describe_validation_error, kind_of, read_mapping
from sim.file_lock import locked

USER_FILE_NAME = "my_questions.yaml"
BACKUP_SUFFIX = ".bak"  # not *.yaml: the bank never loads the backup


def user_file() -> Path:
    return paths.user_bank_dir() / USER_FILE_NAME


def _existing(path: Path) -> dict[str, Any]:
    """The file's content, or a refusal naming what is wrong where: a file the user has to fix
    first is never replaced (what it gets wrong against the rest of the bank, such as a taken
    id, is refused by the check of the staged file in add_user_question)."""
    if not path.exists():
        return {}
    try:
        data = read_mapping(path, BankFile)
        for key in ("topics", "questions"):
            if key in data and not isinstance(data[key], list):
                raise DataFileError(
                    path, [f"field {key}: holds a {kind_of(data[key])}, where a list is expected"]
                )
        BankFile.model_validate(data)
    except ValidationError as exc:
        raise _refusal(DataFileError(path, describe_validation_error(exc, data))) from exc
    except DataFileError as exc:
        raise _refusal(exc) from exc
    return data


def _refusal(exc: DataFileError) -> DataFileError:
    return DataFileError(
        exc.path,
        [
            *exc.problems,
            "nothing was added and the file was left as it is (fix or move it, then add the "
            "question again)",
        ],
    )


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
            others = [f for f in catalog.user_question_files() if f != path]
            checked = catalog.load_with_user_files([*others, staging])
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        if refused := next((e for e in checked.set_aside if e.path == staging), None):
            staging.unlink(missing_ok=True)
            named = [p.replace(str(staging), str(path)) for p in refused.problems]
            raise DataFileError(path, named)
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
