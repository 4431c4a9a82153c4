"""Every known misconception in the bank is matched by its own patterns and not by its correction."""

from sim import paths
from sim.domain.bank import QuestionBank
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import analyse
from sim.domain.misconceptions import compile_misconceptions

LEXICON = load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


def _self_check_problems(bank: QuestionBank) -> list[str]:
    problems = []
    for question in bank.questions:
        compiled = compile_misconceptions(question.misconceptions, LEXICON)
        for index, item in enumerate(compiled):
            where = f"{bank.origin.get(question.id, '?')}: {question.id}: misconceptions[{index}]"
            if not item.stated_in(analyse(item.misconception.claim, LEXICON)):
                problems.append(f"{where}: claim is not matched by its own patterns")
            if item.stated_in(analyse(item.misconception.correction, LEXICON)):
                problems.append(f"{where}: correction is matched as if it were the wrong claim")
    return problems


def test_misconceptions_match_their_claim_and_not_their_correction(bank: QuestionBank) -> None:
    problems = _self_check_problems(bank)
    assert not problems, "\n".join(problems)
