"""The offline grader's signal cues (rubrics/signals.yaml), compiled once through the lexicon."""

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from sim.domain.errors import DataFileError
from sim.domain.matching import EMPTY_LEXICON, CueIndex, CueSet, Lexicon, Tokens
from sim.domain.questions import Strict
from sim.domain.yaml_io import load_model

SIGNALS = (
    *(
        "choice",
        "commit",
        "because",
        "contrast",
        "reason",
        "failure",
        "detection",
        "recovery",
        "rollout",
        "measure",
    ),
    *("cost", "security", "operations", "risk", "organisation", "requirements", "hard_parts"),
    *("options", "stakes", "result", "lesson", "influence", "systemic", "buzz", "vague"),
    "ambiguity",
    *("reversibility", "measured_first"),
)


class SignalsFile(Strict):
    version: str
    cues: dict[str, list[str]] = Field(min_length=1)
    # Verbs that open a directive ("Forward the public zone, not ..."): typed notes commit to a
    # choice this way without an "I'd".
    directives: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class SignalCues:
    version: str
    sets: dict[str, CueSet]
    index: CueIndex
    directives: frozenset[str] = frozenset()

    def flags(self, tokens: Tokens) -> frozenset[str]:
        """The signals a sentence shows."""
        names = self.index.names_in(tokens)
        if tokens.raw and tokens.raw[0].word in self.directives:
            names = names | {"commit"}
        return names


def load_signal_cues(path: Path, lexicon: Lexicon = EMPTY_LEXICON) -> SignalCues:
    data = load_model(path, SignalsFile)
    missing = [name for name in SIGNALS if name not in data.cues]
    unknown = [name for name in data.cues if name not in SIGNALS]
    if missing or unknown:
        problems = [f"cues.{n}: missing" for n in missing] + [
            f"cues.{n}: unknown signal (known: {', '.join(SIGNALS)})" for n in unknown
        ]
        raise DataFileError(path, problems)
    sets = {name: CueSet.build(name, data.cues[name], lexicon) for name in SIGNALS}
    directives = frozenset(d.lower() for d in data.directives)
    return SignalCues(data.version, sets, CueIndex.build(sets.values()), directives)
