"""A user's own questions in a shared deployment: stored in the database under their account
(the single-user app keeps its YAML file, sim/user_bank.py), validated exactly like that file,
and added to the shipped bank for that user only."""

from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from sim import catalog
from sim.domain.bank import QuestionBank, extended
from sim.domain.errors import DataFileError
from sim.domain.questions import BankFile, Question
from sim.domain.yaml_io import describe_validation_error
from sim.storage import question_repo
from sim.storage.ownership import user_of

ORIGIN = Path("your questions (kept in your account)")
# The newest banks built, one per user who has questions; bounded, so a deployment with many
# users keeps only the recently active ones (the rest are rebuilt on their next visit).
MAX_CACHED_BANKS = 64
_BANKS: OrderedDict[tuple[str, int | None], tuple[tuple[int, int], QuestionBank, QuestionBank]] = (
    OrderedDict()
)


def _bank_file(entries: list[tuple[dict, dict | None]]) -> BankFile:
    data: dict[str, Any] = {
        "topics": [topic for _, topic in entries if topic],
        "questions": [record for record, _ in entries],
    }
    try:
        return BankFile.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(ORIGIN, describe_validation_error(exc, data)) from exc


def add(engine: Engine, question: dict[str, Any], new_topic_title: str | None = None) -> Question:
    """Validate against the bank this user sees (ids, topics, competencies), then store. A
    refused question is a DataFileError naming each problem; nothing is stored then."""
    current = bank_for(engine)
    topic = None
    if new_topic_title and question.get("topic") not in current.topics:
        topic = {"id": question.get("topic"), "title": new_topic_title}
    own = _bank_file([(question, topic)])
    extended(current, own, ORIGIN)  # raises with every problem
    question_repo.add(engine, own.questions[0].id, question, topic)
    return own.questions[0]


def bank_for(engine: Engine) -> QuestionBank:
    """The shipped bank plus this user's questions; rebuilt only when they change (one small
    query per call). Questions that no longer fit (a shipped question took an id) are set
    aside and named, like a user file."""
    base = catalog.bank()
    version = question_repo.version(engine)
    if version[0] == 0:
        return base
    key = (engine.url.render_as_string(hide_password=True), user_of(engine))
    if (hit := _BANKS.get(key)) and hit[0] == version and hit[1] is base:
        _BANKS.move_to_end(key)
        return hit[2]
    try:
        bank = extended(base, _bank_file(question_repo.records(engine)), ORIGIN)
    except DataFileError as exc:
        bank = replace(base, set_aside=(*base.set_aside, exc))
    _BANKS[key] = (version, base, bank)
    _BANKS.move_to_end(key)
    while len(_BANKS) > MAX_CACHED_BANKS:
        _BANKS.popitem(last=False)
    return bank
