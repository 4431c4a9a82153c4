"""The bank-wide misconception catalogue (question_bank/misconceptions.yaml), validated."""

from pathlib import Path

from sim.domain.questions import GeneralMisconception, MisconceptionCatalogue
from sim.domain.yaml_io import load_model


def load_general_misconceptions(path: Path) -> tuple[GeneralMisconception, ...]:
    return tuple(load_model(path, MisconceptionCatalogue).misconceptions)
