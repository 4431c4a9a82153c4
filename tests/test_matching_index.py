"""The indexed passes give what a plain scan gives: misconceptions, key-point aliases and the
placement of a sentence among other questions are looked up by the tokens they start with, and
that shortcut must never change an answer's reading."""

import math

from sim import catalog, paths
from sim.domain.bank import QuestionBank
from sim.domain.key_points import compile_key_points
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import analyse, compile_term, find_term
from sim.domain.misconceptions import MisconceptionIndex, compile_misconceptions
from sim.domain.text import split_sentences
from sim.domain.vocabulary import content_terms
from sim.graders.base import KeyPointSpec

LEXICON = load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


def _sentences(bank: QuestionBank) -> list[str]:
    """Real answer-like text: the bank's outlines and key points, and its misconception claims
    (which must be found), corrections (which must not)."""
    out = []
    for question in bank.questions:
        out += [*question.model_answer_outline, *(kp.point for kp in question.key_points)]
        out += [m.claim for m in question.misconceptions]
        out += [m.correction for m in question.misconceptions]
    return out


def test_misconception_index_finds_what_checking_every_entry_finds(bank: QuestionBank) -> None:
    items = [m for q in bank.questions for m in q.misconceptions]
    items += list(catalog.general_misconceptions())
    compiled = compile_misconceptions(items, LEXICON)
    index = MisconceptionIndex.build(compiled)
    sentences = [analyse(s, LEXICON) for s in _sentences(bank)[::6]]
    chunk = 40  # answers of 40 sentences
    found_any = 0
    for start in range(0, len(sentences), chunk):
        answer = sentences[start : start + chunk]
        expected = []
        for item in compiled:
            first = next((i for i, t in enumerate(answer) if item.stated_in(t)), None)
            if first is not None:
                expected.append((item.misconception.claim, first))
        got = [(item.misconception.claim, where) for item, where in index.stated(answer)]
        assert got == expected
        found_any += len(got)
    assert found_any > 30  # the claims in the text were found


def test_key_point_alias_index_names_the_points_each_alias_set_finds(bank: QuestionBank) -> None:
    vocabulary = catalog.vocabulary()
    texts = _sentences(bank)
    named = 0
    for question in bank.questions[::13]:
        points = tuple(KeyPointSpec(kp.point, tuple(kp.aliases)) for kp in question.key_points)
        compiled = compile_key_points(points, vocabulary, question.prompt)
        for text in texts[::11]:
            tokens = analyse(text, vocabulary.lexicon)
            expected = [p for p in compiled.points if p.alias_cues.found_in(tokens)]
            assert compiled.named_in(tokens) == expected
            named += len(expected)
    assert named > 20


def test_a_sentence_is_placed_among_other_questions_as_a_full_scan_places_it(
    bank: QuestionBank,
) -> None:
    vocabulary = catalog.vocabulary()
    share = 0.6
    placed = 0
    lines = (paths.PROJECT_ROOT / "tests" / "data").glob("**/*.txt")
    texts = [s.text for p in lines for s in split_sentences(p.read_text(encoding="utf-8"))]
    texts += _sentences(bank)[::3]
    for text in texts:
        terms = content_terms(analyse(text, vocabulary.lexicon))
        if len(set(terms)) < 3:
            continue
        full = max(vocabulary.affinities(terms).values(), default=0.0)
        fast = vocabulary.best_other(terms, share, lambda q: True)
        reaches = full >= share * vocabulary.mass(terms)
        assert (fast >= share * vocabulary.mass(terms)) is reaches
        if reaches:
            assert math.isclose(fast, full)
            placed += 1
    assert placed > 20


def test_a_truncated_alias_still_matches_through_the_positions_index() -> None:
    tokens = analyse("Pods scale out with the autoscaler and a managed identity.", LEXICON)
    assert find_term(tokens, compile_term("autoscal", LEXICON)) is not None
    assert find_term(tokens, compile_term("managed identit", LEXICON)) is not None
    assert find_term(tokens, compile_term("identity managed", LEXICON)) is None
