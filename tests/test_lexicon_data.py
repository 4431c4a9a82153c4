"""The shipped lexicon's integrity: every group is one concept in two or more spellings (or one
phrase read as a single concept), no spelling sits in two groups, and no variant is a word any
answer says (it would give a key point's credit to every answer that uses the word)."""

from pathlib import Path

import pytest

from sim import paths
from sim.domain.errors import DataFileError
from sim.domain.lexicon import LexiconFile, load_lexicon
from sim.domain.matching import analyse, compile_term, find_term
from sim.domain.text import STOPWORDS
from sim.domain.yaml_io import load_model

LEXICON_FILE = paths.QUESTION_BANK_DIR / "lexicon.yaml"

# Words that name a whole family of things in this domain: alone, a variant such as "queue" or
# "key" would make every queue a dead-letter queue and every key an idempotency key.
GENERIC_WORDS = frozenset(
    """
    queue key role log cache service data event message policy token user group account server
    node cluster table index lock stream topic partition replica region zone network storage
    database model request response error test deploy deployment release pipeline job task state
    secret identity access store record window retry timeout limit rate latency cost alert
    metric trace check scale load traffic gateway proxy endpoint system platform team process
    thread memory container instance function version schema consumer producer broker client
    lease vault tier quota backup snapshot replication failover transaction update write read
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
GENERIC_STEMS = frozenset(t.stem for word in GENERIC_WORDS for t in analyse(word).raw)


def _groups() -> list[list[str]]:
    return load_model(LEXICON_FILE, LexiconFile).groups


def test_the_shipped_lexicon_loads_into_concepts() -> None:
    lexicon = load_lexicon(LEXICON_FILE)
    assert len(lexicon.groups) == len(_groups())


def test_no_variant_is_a_stopword_or_a_bare_generic_word() -> None:
    offenders = []
    for group in _groups():
        for variant in group:
            tokens = analyse(variant).raw
            only_stopwords = all(t.word in STOPWORDS for t in tokens)
            bare_generic = len(tokens) == 1 and tokens[0].stem in GENERIC_STEMS
            if only_stopwords or bare_generic:
                offenders.append(variant)
    assert offenders == []


def test_numbers_are_written_as_text(tmp_path: Path) -> None:
    """YAML reads a bare 429 as a number; the file must quote it so it stays a spelling."""
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("groups:\n  - [too many requests, 429]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="groups"):
        load_lexicon(bad)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ("  - [dead letter queue, dlq]\n  - [dead-letter queues, parking lot]\n", "group 2"),
        ("  - [kubernetes, k8s]\n  - [kube cluster, Kubernetes]\n", "group 1"),
        ("  - [dead letter queue, dlq]\n  - [kubernetes]\n", "must be a phrase"),
        ("  - [dead letter queue, dlq]\n  - []\n", "group 2 is empty"),
        ("  - [dead letter queue, '---']\n", "has no words"),
    ],
)
def test_a_spelling_in_two_groups_or_a_lone_word_is_refused(
    tmp_path: Path, groups: str, message: str
) -> None:
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("groups:\n" + groups, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as raised:
        load_lexicon(bad)
    assert str(bad) in str(raised.value)


LEXICON = load_lexicon(LEXICON_FILE)


@pytest.mark.parametrize(
    ("alias", "sentence"),
    [
        ("eventbridge", "Schedules fire from CloudWatch Events rules."),
        ("defender for cloud", "Azure Security Center flags the open port."),
        ("write-ahead log", "The redo log is flushed before the commit returns."),
        ("expand and contract", "We use the parallel change pattern for the column rename."),
        ("sharding", "Horizontal partitioning by tenant spreads the writes."),
        ("optimistic concurrency", "Optimistic locking with a version column catches the race."),
        ("request coalescing", "A singleflight group lets one caller refill the key."),
        ("time to first token", "TTFT stays under a second at p95."),
        ("azure ai search", "Azure Cognitive Search indexes the chunks."),
        ("blue-green", "A red/black deployment flips the target group."),
    ],
)
def test_another_name_of_a_concept_meets_its_alias(alias: str, sentence: str) -> None:
    assert find_term(analyse(sentence, LEXICON), compile_term(alias, LEXICON)) is not None


@pytest.mark.parametrize(
    ("alias", "sentence"),
    [
        # Related ideas the bank tells apart: a group joining them would credit the wrong one.
        ("azure functions", "The function app is the scale unit."),
        ("exactly once", "Idempotent handlers give effectively once processing."),
        ("recovery point objective", "The recovery time objective is one hour."),
        ("cgroup", "We compare against a control group of users."),
        ("fan out on read", "Argo CD uses a pull model."),
        ("write behind", "Read the row, subtract in code and write back."),
        ("nat gateway", "Public subnets route through the internet gateway."),
        ("optimistic locking", "Pessimistic locking holds the row for the whole request."),
    ],
)
def test_a_related_but_different_idea_does_not_meet_the_alias(alias: str, sentence: str) -> None:
    assert find_term(analyse(sentence, LEXICON), compile_term(alias, LEXICON)) is None
