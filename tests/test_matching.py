"""The matching layer: one spelling for hyphens, acronym plurals, numbers and lexicon synonyms."""

import pytest

from sim import paths
from sim.domain.lexicon import load_lexicon
from sim.domain.matching import analyse, asserts, compile_term, find_term, normalise

LEXICON = load_lexicon(paths.QUESTION_BANK_DIR / "lexicon.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at-least-once delivery", "at least once delivery"),
        ("our SLOs and the DLQ's depth", "our slo and the dlq depth"),
        ("1.25M writes", "1250000 writes"),
        ("1.25 million writes", "1250000 writes"),
        ("1,250,000 writes", "1250000 writes"),
        ("alert at 2x the baseline", "alert at 2 x the baseline"),
        ("alert at twice the baseline", "alert at 2 x the baseline"),
        ("a window four times the scrape interval", "a window 4 x the scrape interval"),
        ("burning 14.4 times the sustainable rate", "burning 14.4 x the sustainable rate"),
        ("the job runs three times a day", "the job runs three times a day"),
        ("read/write\u2014split", "read write split"),
    ],
)
def test_normalise_gives_one_spelling(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("alias", "sentence", "found"),
    [
        ("dlq", "Poison messages go to a dead-letter queue after five tries.", True),
        ("dead-letter queue", "Poison messages park in the DLQ.", True),
        ("slo", "We agreed SLOs with each team.", True),
        ("managed identit", "The function uses a managed identity.", True),
        ("backward compatib", "Keep the schema backward-compatible.", True),
        ("rpo", "How much data we may lose, the recovery point objective, is 5 minutes.", True),
        ("k8s", "We run it on Kubernetes.", True),
        ("sigterm", "The app drains in-flight requests on the termination signal.", True),
        ("14 days", "Backups are kept for fourteen days.", True),
        ("4x", "The range window is four times the scrape interval.", True),
        ("canary", "A cache in front of the database.", False),
    ],
)
def test_terms_match_across_spellings(alias: str, sentence: str, found: bool) -> None:
    term = compile_term(alias, LEXICON)
    assert (find_term(analyse(sentence, LEXICON), term) is not None) is found


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Service Bus delivers every message exactly once.", True),
        ("Service Bus is at-least-once, not exactly-once.", False),
        ("Service Bus never gives exactly once delivery.", False),
        ("Exactly once is what Kafka transactions give inside Kafka.", False),
    ],
)
def test_a_claim_is_asserted_only_when_stated_positively(sentence: str, stated: bool) -> None:
    terms = [compile_term("service bus", LEXICON), compile_term("exactly once", LEXICON)]
    unless = [compile_term("at least once", LEXICON)]
    assert asserts(analyse(sentence, LEXICON), terms, unless) is stated
