"""Seed coverage: every topic, drill, question, scenario and milestone the study plans name, mapped
to the bank questions that practise it (question_bank/seed_coverage.yaml)."""

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import Field

from sim.domain.bank import QuestionBank
from sim.domain.errors import DataFileError
from sim.domain.questions import Strict
from sim.domain.yaml_io import load_model

ItemType = Literal[
    "key_topic",
    "focus_area",
    "activity",
    "milestone",
    "drill",
    "outcome",
    "interview_question",
    "scenario",
    "checklist",
    "artifact",
]


class SeedItem(Strict):
    seed: str = Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")
    section: str
    type: ItemType
    item: str = Field(min_length=3)
    questions: list[str] = Field(default_factory=list)


class CoverageFile(Strict):
    items: list[SeedItem] = Field(min_length=1)


def load_coverage(path: Path, bank: QuestionBank) -> list[SeedItem]:
    items = load_model(path, CoverageFile).items
    known = set(bank.by_id())
    problems = []
    duplicates = Counter((i.seed, i.section, i.item) for i in items)
    for index, item in enumerate(items):
        for qid in item.questions:
            if qid not in known:
                problems.append(
                    f"item #{index + 1} ({item.item[:40]!r}): field questions: "
                    f"unknown question id {qid!r}"
                )
        if duplicates[(item.seed, item.section, item.item)] > 1:
            problems.append(f"item #{index + 1} ({item.item[:40]!r}): listed twice")
    if problems:
        raise DataFileError(path, list(dict.fromkeys(problems)))
    return items


def uncovered(items: list[SeedItem]) -> list[str]:
    return [f"{i.seed} | {i.section} | {i.item}" for i in items if not i.questions]
