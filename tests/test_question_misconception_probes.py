"""A question's misconceptions catch the wrong claim as candidates phrase it, not only in the
claim's own words, and stay quiet on the right answer (tests/data/question_misconception_probes.yaml)."""

from pathlib import Path

import yaml

from sim import catalog
from sim.domain.matching import analyse
from sim.domain.misconceptions import compile_misconceptions

PROBES = Path(__file__).resolve().parent / "data" / "question_misconception_probes.yaml"


def test_question_misconceptions_catch_wrong_phrasings_and_spare_right_ones() -> None:
    bank, lexicon = catalog.bank(), catalog.lexicon()
    problems = []
    for probe in yaml.safe_load(PROBES.read_text(encoding="utf-8"))["probes"]:
        question = bank.get(probe["question"])
        where = f"{question.id}: misconceptions[{probe['misconception']}]"
        compiled = compile_misconceptions(question.misconceptions, lexicon)
        target = compiled[probe["misconception"]]
        problems += [
            f"{where}: wrong sentence not matched: {text}"
            for text in probe["wrong"]
            if not target.stated_in(analyse(text, lexicon))
        ]
        problems += [
            f"{question.id}: right sentence matched as a misconception: {text}"
            for text in probe["right"]
            if any(item.stated_in(analyse(text, lexicon)) for item in compiled)
        ]
    assert not problems, "\n".join(problems)
