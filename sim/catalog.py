"""Finds and loads the data files (bank, rubric, prompts) once per process; the bank and the
grader's vocabulary come from the data cache while their inputs are unchanged."""

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer

from sim import bank_snapshot, data_cache, grader_snapshot, paths
from sim.bank_snapshot import BankSnapshot, QuestionIndex, ShippedSnapshot, VocabularySnapshot
from sim.domain import bank as bank_module
from sim.domain import errors, matching, misconception_catalogue, questions, text, types, yaml_io
from sim.domain import lexicon as lexicon_module
from sim.domain import signal_cues as signal_cues_module
from sim.domain import vocabulary as vocabulary_module
from sim.domain.bank import QuestionBank, ShippedBank, load_shipped, with_user_files
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import Lexicon
from sim.domain.misconception_catalogue import load_general_misconceptions
from sim.domain.questions import GeneralMisconception, Question
from sim.domain.rubric import Rubric, load_rubric
from sim.domain.signal_cues import SignalCues, load_signal_cues
from sim.domain.vocabulary import Vocabulary
from sim.grader_snapshot import LexiconSnapshot, misconception_texts

if TYPE_CHECKING:  # loaded by the loaders that need them: `sim grade` uses neither
    from sim.domain.prompts import PromptTemplate
    from sim.domain.round_verdict import VerdictRule


def shipped_question_files() -> list[Path]:
    return sorted(paths.QUESTIONS_DIR.glob("*.yaml"))


def user_question_files() -> list[Path]:
    extra = paths.user_bank_dir()
    return sorted(extra.glob("*.yaml")) if extra.is_dir() else []


def question_files() -> list[Path]:
    return shipped_question_files() + user_question_files()


def competencies_file() -> Path:
    return paths.QUESTION_BANK_DIR / "competencies.yaml"


def load_with_user_files(user_files: list[Path]) -> QuestionBank:
    """The shipped bank (which must be right) plus the user files that fit; see load_bank."""
    return with_user_files(shipped_bank(), user_files)


def shipped_bank() -> ShippedBank:
    """The shipped files parsed and checked, from the data cache while they are unchanged."""
    with data_cache.long_lived():
        return data_cache.cached(
            "shipped_bank",
            bank_snapshot.FORMAT_VERSION,
            _bank_inputs([]),
            ShippedSnapshot,
            lambda: ShippedSnapshot.of(load_shipped(shipped_question_files(), competencies_file())),
        ).shipped()


def _code_files(*modules: object) -> list[Path]:
    """The code that gives a cached entry its shape and content: a change there rebuilds it."""
    return [Path(module.__file__) for module in modules]  # type: ignore[attr-defined]


def _bank_inputs(user_files: list[Path]) -> list[Path]:
    code = _code_files(bank_module, questions, types, errors, yaml_io, bank_snapshot)
    return [*shipped_question_files(), competencies_file(), *user_files, *code]


@lru_cache(maxsize=1)
def bank() -> QuestionBank:
    """A user file that cannot be used is in `bank().set_aside`, never an error here."""
    with data_cache.long_lived():
        user_files = user_question_files()
        snapshot = data_cache.cached(
            "bank",
            bank_snapshot.FORMAT_VERSION,
            _bank_inputs(user_files),
            BankSnapshot,
            lambda: BankSnapshot.of(load_with_user_files(user_files)),
        )
        return snapshot.bank()


def loaded_bank() -> QuestionBank | None:
    """The bank if this process has loaded it already (to report what it set aside)."""
    return bank() if bank.cache_info().currsize else None


def question(question_id: str) -> Question:
    """One bank question (KeyError when there is none). Unless this process loaded the bank, it
    is read alone from the data cache; when a user file is set aside the whole bank loads, so
    what it left out is named as before (see loaded_bank)."""
    if not bank.cache_info().currsize:
        with data_cache.long_lived():
            user_files = user_question_files()
            index = data_cache.cached(
                "questions",
                bank_snapshot.FORMAT_VERSION,
                _bank_inputs(user_files),
                QuestionIndex,
                lambda: QuestionIndex.of(bank()),
            )
        if not index.set_aside:
            return index.question(question_id)
    return bank().get(question_id)


@lru_cache(maxsize=1)
def tag_vocabulary() -> set[str]:
    from sim.domain.tags import TagFile

    return {t.id for t in yaml_io.load_model(paths.QUESTION_BANK_DIR / "tags.yaml", TagFile).tags}


@lru_cache(maxsize=1)
def rubric() -> Rubric:
    return load_rubric(paths.RUBRICS_DIR / "staff.yaml")


@lru_cache(maxsize=1)
def verdict_rule() -> "VerdictRule":
    from sim.domain.round_verdict import load_verdict_rule

    return load_verdict_rule(paths.RUBRICS_DIR / "round_verdict.yaml")


@lru_cache(maxsize=8)
def prompt(prompt_id: str) -> "PromptTemplate":
    from sim.domain.prompts import load_prompt

    return load_prompt(paths.PROMPTS_DIR / f"{prompt_id}.md")


def _matching_inputs() -> list[Path]:
    """What every cached entry holding tokens derives from: the lexicon and the matching code
    (with the stemmer's version in the entry's version)."""
    return [
        paths.QUESTION_BANK_DIR / "lexicon.yaml",
        *_code_files(matching, text, lexicon_module, questions, types, yaml_io),
        Path(snowballstemmer.__file__).parent / "english_stemmer.py",
    ]


def _matching_version(version: str) -> str:
    return f"{version} {stemmer_version()}"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, carrying the bank-wide misconception patterns already compiled through it."""
    with data_cache.long_lived():
        catalogue = paths.QUESTION_BANK_DIR / "misconceptions.yaml"
        snapshot = data_cache.cached(
            "lexicon",
            _matching_version(grader_snapshot.FORMAT_VERSION),
            [*_matching_inputs(), catalogue, *_code_files(grader_snapshot)],
            LexiconSnapshot,
            lambda: LexiconSnapshot.of(
                load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml"),
                misconception_texts(general_misconceptions()),
            ),
        )
        return snapshot.lexicon()


@lru_cache(maxsize=1)
def general_misconceptions() -> tuple[GeneralMisconception, ...]:
    """Wrong claims that are wrong in any answer, whatever the question."""
    with data_cache.long_lived():
        path = paths.QUESTION_BANK_DIR / "misconceptions.yaml"
        return data_cache.cached_value(
            "general_misconceptions",
            grader_snapshot.FORMAT_VERSION,
            [path, *_code_files(misconception_catalogue, questions, types, yaml_io)],
            tuple[GeneralMisconception, ...],
            lambda: load_general_misconceptions(path),
        )


def stemmer_version() -> str:
    """Which Snowball build stems: snowballstemmer hands stemming to PyStemmer's C build when it
    is installed (a dependency), else stems in Python (its English module is among the keyed
    inputs). Part of the key of every cached entry that holds stems."""
    if snowballstemmer.stemmer.__module__ == "Stemmer":
        import Stemmer  # already imported by snowballstemmer

        return f"pystemmer {Stemmer.version()}"
    return "snowballstemmer"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    with data_cache.long_lived():
        inputs = [
            *_bank_inputs(user_question_files()),
            paths.QUESTION_BANK_DIR / "lexicon.yaml",
            *_code_files(matching, text, vocabulary_module, lexicon_module),
            Path(snowballstemmer.__file__).parent / "english_stemmer.py",
        ]
        snapshot = data_cache.cached(
            "vocabulary",
            f"{bank_snapshot.FORMAT_VERSION} {stemmer_version()}",
            inputs,
            VocabularySnapshot,
            lambda: VocabularySnapshot.of(Vocabulary.build(bank(), lexicon())),
        )
        return snapshot.vocabulary(lexicon())


@lru_cache(maxsize=1)
def signal_cues() -> SignalCues:
    """The rubric's signal cues, compiled through the lexicon (kept compiled in the data cache)."""
    with data_cache.long_lived():
        path = paths.RUBRICS_DIR / "signals.yaml"
        return data_cache.cached_value(
            "signal_cues",
            _matching_version(grader_snapshot.FORMAT_VERSION),
            [path, *_matching_inputs(), *_code_files(signal_cues_module)],
            SignalCues,
            lambda: load_signal_cues(path, lexicon()),
        )
