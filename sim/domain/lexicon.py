"""The domain lexicon data file (question_bank/lexicon.yaml), validated into a Lexicon."""

from pathlib import Path

from pydantic import Field

from sim.domain.matching import Lexicon
from sim.domain.questions import Strict
from sim.domain.yaml_io import load_model


class LexiconFile(Strict):
    groups: list[list[str]] = Field(min_length=1)


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.build(load_model(path, LexiconFile).groups)
