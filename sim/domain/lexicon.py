"""The domain lexicon data file (question_bank/lexicon.yaml), validated into a Lexicon."""

from pathlib import Path

from pydantic import Field, field_validator

from sim.domain.matching import Lexicon, analyse
from sim.domain.questions import Strict
from sim.domain.yaml_io import load_model


class LexiconFile(Strict):
    groups: list[list[str]] = Field(min_length=1)

    @field_validator("groups")
    @classmethod
    def _one_concept_per_spelling(cls, groups: list[list[str]]) -> list[list[str]]:
        """A group names one concept in several spellings, or one phrase to read as a single
        concept ("token bucket": the graders then count it as one term, not two words). A lone
        word is neither, and a spelling in two groups would make the matcher pick one of two
        concepts silently."""
        owner: dict[tuple[str, ...], int] = {}
        for i, group in enumerate(groups):
            if not group:
                raise ValueError(f"group {i + 1} is empty")
            for variant in group:
                stems = analyse(variant).raw_stems
                if not stems:
                    raise ValueError(f"group {i + 1}: {variant!r} has no words")
                if len(group) == 1 and len(stems) < 2:
                    raise ValueError(
                        f"group {i + 1} {group}: a group of one spelling must be a phrase "
                        "(one word alone is no synonym)"
                    )
                first = owner.setdefault(stems, i)
                if first != i:
                    raise ValueError(
                        f"group {i + 1}: {variant!r} reads as a spelling of group {first + 1} "
                        f"{groups[first]}; each spelling belongs to one group"
                    )
        return groups


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.build(load_model(path, LexiconFile).groups)
