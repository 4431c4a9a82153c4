"""Finds and loads the data files (bank, rubric, prompts) once per process."""

from functools import lru_cache
from pathlib import Path

from sim import paths
from sim.domain.bank import QuestionBank, load_bank
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import Lexicon
from sim.domain.prompts import PromptTemplate, load_prompt
from sim.domain.round_verdict import VerdictRule, load_verdict_rule
from sim.domain.rubric import Rubric, load_rubric
from sim.domain.signal_cues import SignalCues, load_signal_cues
from sim.domain.vocabulary import Vocabulary


def question_files() -> list[Path]:
    files = sorted(paths.QUESTIONS_DIR.glob("*.yaml"))
    extra = paths.user_bank_dir()
    if extra.is_dir():
        files += sorted(extra.glob("*.yaml"))
    return files


@lru_cache(maxsize=1)
def bank() -> QuestionBank:
    return load_bank(question_files(), paths.QUESTION_BANK_DIR / "competencies.yaml")


@lru_cache(maxsize=1)
def rubric() -> Rubric:
    return load_rubric(paths.RUBRICS_DIR / "staff.yaml")


@lru_cache(maxsize=1)
def verdict_rule() -> VerdictRule:
    return load_verdict_rule(paths.RUBRICS_DIR / "round_verdict.yaml")


@lru_cache(maxsize=8)
def prompt(prompt_id: str) -> PromptTemplate:
    return load_prompt(paths.PROMPTS_DIR / f"{prompt_id}.md")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.build(bank(), lexicon())


@lru_cache(maxsize=1)
def signal_cues() -> SignalCues:
    return load_signal_cues(paths.RUBRICS_DIR / "signals.yaml", lexicon())
