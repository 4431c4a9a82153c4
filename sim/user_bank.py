"""A user's own questions: added through the UI into a YAML file in the user bank directory,
validated exactly like the shipped bank, never overwritten by upgrades."""

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim import catalog, paths
from sim.domain.bank import load_bank
from sim.domain.errors import DataFileError
from sim.domain.questions import BankFile, Question
from sim.domain.yaml_io import describe_validation_error, read_yaml

USER_FILE_NAME = "my_questions.yaml"


def user_file() -> Path:
    return paths.user_bank_dir() / USER_FILE_NAME


def add_user_question(question: dict[str, Any], new_topic_title: str | None = None) -> Question:
    """Validate against the whole bank (ids, topics, competencies), then append and save."""
    path = user_file()
    existing = read_yaml(path) if path.exists() else None
    data: dict[str, Any] = existing if isinstance(existing, dict) else {}
    data.setdefault("topics", [])
    data.setdefault("questions", [])
    if new_topic_title and question.get("topic") not in {t["id"] for t in data["topics"]}:
        data["topics"].append({"id": question.get("topic"), "title": new_topic_title})
    data["questions"].append(question)
    try:
        parsed = BankFile.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(path, describe_validation_error(exc, data)) from exc

    # Check ids, topics and competencies against the rest of the bank before writing anything.
    staging = path.with_name(f".{path.name}.staging")  # not *.yaml: the bank never loads it
    path.parent.mkdir(parents=True, exist_ok=True)
    staging.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    try:
        others = [f for f in catalog.question_files() if f != path]
        load_bank([*others, staging], paths.QUESTION_BANK_DIR / "competencies.yaml")
    except DataFileError as exc:
        staging.unlink(missing_ok=True)
        raise DataFileError(
            path, [p.replace(str(staging), str(path)) for p in exc.problems]
        ) from exc
    staging.replace(path)  # atomic: a crash never leaves a half-written file
    catalog.bank.cache_clear()
    return parsed.questions[-1]
