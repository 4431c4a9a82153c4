"""Reading an answer before judging it: which sentences count, what each one says, and whether
the answer is about this question at all. Pure: text in, facts out.

Sentences that are repeated, copied from the question, addressed to the grader or that read as a
keyword salad are set aside first, so none of those tricks can add signal. Every kept sentence is
analysed once through the matching layer; every signal after this reads those tokens."""

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sim.domain.cues import first_person_counts
from sim.domain.grade_request import GradeRequest
from sim.domain.language import Readability, readability
from sim.domain.matching import Tokens, analyse
from sim.domain.signal_cues import SignalCues
from sim.domain.text import Sentence, split_sentences, stems
from sim.domain.types import Kind
from sim.domain.vocabulary import Vocabulary, content_terms

INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\b.{0,40}\b(rubric|instruction|previous|above|grading|criteria|prompt)"
    r"|\b(give|assign|award|score|rate|grade)\b.{0,30}\b(level|score|grade|marks?|points?)\b.{0,12}[1-4]"
    r"|\b(level|score)\s*(of\s*)?4\b.{0,20}\b(all|every|each)\b"
    r"|\b(grader|evaluator|language model|system prompt|as an ai)\b"
    r"|\b(top|full|highest|maximum|perfect)\s+(score|marks?|grade|level|rating)s?\b",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"(\$\s?\d|\d\s?%|\b\d[\d,.]*\s*(k|m|b|ms|s|sec|seconds?|minutes?|mins?|hours?|h|days?|weeks?"
    r"|months?|years?|percent|qps|rps|tps|gb|tb|pb|mb|kb|gib|tib|gbps|mbps|million|billion|thousand"
    r"|x|nines|users|requests|writes|reads|events|messages|rpm|rpo|rto|regions?|zones?|azs?|nodes?"
    r"|replicas?|partitions?|shards?|per\b)|\b\d{3,}\b|\b\d+(\.\d+)?\s*/\s*(s|sec|second|day|month)"
    r"|\bp\d{2,3}\b|\b\d+(\.\d+)?\s*(×|to|-)\s*\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# A sentence whose weight lies in another question's distinctive words and none in this one's
# was written for another question: it earns nothing here.
MIN_TERMS_TO_PLACE = 3
FOREIGN_SHARE = 0.6  # of its weight another question shares: the sentence is that one's
FREE_OFF_TOPIC_RANK = 10  # a free question with key points: this many bank questions fit better
FREE_OFF_TOPIC_FIT = 0.4  # cosine with one bank question that makes a free answer "that one's"


@dataclass(frozen=True)
class ReadSentence:
    sentence: Sentence
    tokens: Tokens
    terms: tuple[str, ...]
    flags: frozenset[str]
    has_number: bool
    i_count: int
    we_count: int
    own_weight: float  # weight of this question's distinctive words it uses
    foreign: bool  # lifted from an answer to another question

    @property
    def counts(self) -> bool:
        return not self.foreign


@dataclass(frozen=True)
class TopicFit:
    own: float  # the answer's affinity with this question (0-1, cosine of weighted word sets)
    best_other: float
    closest_other: str  # the bank question the answer fits best, when not this one
    rank: int  # 1 = this question fits best
    off_topic: bool
    on_topic_share: float  # of the kept sentences that can be placed, those about this question


@dataclass
class Reading:
    sentences: list[ReadSentence]  # the sentences that count (foreign ones flagged)
    raw_words: int
    valid_words: int
    duplicate_share: float
    echo_count: int
    injection: list[Sentence]
    salad_share: float
    readable: Readability
    topic: TopicFit
    structure_blocks: int
    topic_terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def counted(self) -> list[ReadSentence]:
        return [s for s in self.sentences if s.counts]


# Typed notes give reasons with arrows ("NAT per AZ → no cross-AZ bytes").
_REASON_MARK = re.compile(r"→|->|=>|⇒|\bb/c\b|\bbc\b")


def _marks(text: str) -> frozenset[str]:
    return frozenset({"reason", "because"}) if _REASON_MARK.search(text) else frozenset()


# What a spelled-out count measures ("six weeks", "four team leads"): with one of these after
# it, a small number is a figure, not "one of the options".
_UNIT_STEMS = frozenset(
    stems(
        "second minute hour day week month quarter year sprint percent time team lead engineer "
        "people person service region zone node replica partition shard customer user tenant "
        "release incident outage request call message event job file database cluster"
    )
)


def _has_number(text: str, tokens: Tokens) -> bool:
    """A figure with a unit, or any number the matching layer reads (words such as "three",
    forms such as "1.25M") past a list marker."""
    if _DIGIT.search(text) and NUMBER.search(text):  # every form NUMBER reads has a digit
        return True
    raw = tokens.raw
    for index in range(1, len(raw)):
        word = raw[index].word
        if not word.replace(".", "", 1).isdigit():
            continue
        if len(word) >= 2:
            return True
        # "six weeks", "four team leads" are figures; "one team" is not
        after = raw[index + 1 : index + 3]
        if word not in ("0", "1") and any(t.stem in _UNIT_STEMS for t in after):
            return True
    return False


def _is_salad(sentence: Sentence) -> bool:
    # An enumeration in a sentence ("features include A, B and C") keeps a function word or two;
    # a keyword salad has practically none.
    return sentence.word_count >= 6 and sentence.stopword_share < 0.05


def _count_blocks(answer: str) -> int:
    """Paragraphs, bullets and headings: how visibly the answer is organised."""
    paragraphs = [p for p in re.split(r"\n\s*\n", answer) if p.strip()]
    bullets = re.findall(r"(?m)^\s*([-*•]|\d+[.)]|#+)\s+\S", answer)
    return len(paragraphs) + len(bullets)


def _copies_question(
    sentence: Sentence, question: tuple[str, ...], in_question: frozenset[str] = frozenset()
) -> bool:
    """Most of the sentence is one contiguous run of the question's words: a pasted question,
    not an answer that merely reuses its vocabulary."""
    if sentence.word_count < 5 or not question:
        return False
    # A run that long needs that share of the sentence's words in the question at all: a set
    # test spares the sequence match for the sentences that cannot be copies.
    in_question = in_question or frozenset(question)
    if sum(1 for s in sentence.stems if s in in_question) < 0.7 * len(sentence.stems):
        return False
    matcher = SequenceMatcher(None, sentence.stems, question, autojunk=False)
    run = matcher.find_longest_match(0, len(sentence.stems), 0, len(question)).size
    return run >= 0.7 * len(sentence.stems)


_NOTE_MARK = re.compile(r"[\d:→>=()]")


def _is_notes(sentences: list[Sentence]) -> bool:
    """Typed notes: most lines are short fragments. Notes carry content; only a pure term list
    (no verbs, no numbers, no structure) is a salad."""
    short = sum(1 for s in sentences if s.word_count <= 12)
    return len(sentences) >= 5 and short > 0.6 * len(sentences)


def _set_aside(
    request: GradeRequest, all_sentences: list[Sentence]
) -> tuple[list[Sentence], float, int, list[Sentence], float]:
    question_sequence = stems(request.question)
    question_words = frozenset(question_sequence)
    seen: set[str] = set()
    kept: list[Sentence] = []
    duplicate_words = echo = salad_words = 0
    injection: list[Sentence] = []
    notes = _is_notes(all_sentences)
    # A list of names ("Feed Service", "Fan-out on write") is not notes: its lines are a few
    # words with no function word, no number and nothing that connects them.
    bare = [s for s in all_sentences if s.stopword_share == 0 and not _NOTE_MARK.search(s.text)]
    name_list = len(all_sentences) >= 5 and len(bare) > 0.4 * len(all_sentences)
    name_list = name_list and sum(s.word_count for s in bare) <= 4 * len(bare)
    # A sentence cut at whitespace matches INJECTION only where the whole answer does: one
    # search over the answer spares one per sentence in the usual answer that has none.
    may_inject = INJECTION.search(request.answer) is not None
    for sentence in all_sentences:
        key = " ".join(sentence.stems)
        if key in seen and sentence.word_count >= 3:
            duplicate_words += sentence.word_count
            continue
        seen.add(key)
        if may_inject and INJECTION.search(sentence.text):
            injection.append(sentence)
            continue
        if _copies_question(sentence, question_sequence, question_words):
            echo += 1
            continue
        # In notes, a fragment with a number, a colon or an arrow is content, not a salad.
        note_like = notes and bool(_NOTE_MARK.search(sentence.text))
        listed = name_list and sentence.stopword_share == 0 and not note_like
        if (_is_salad(sentence) and not note_like) or listed:
            salad_words += sentence.word_count
            continue
        kept.append(sentence)
    raw = sum(s.word_count for s in all_sentences) or 1
    return kept, duplicate_words / raw, echo, injection, salad_words / raw


def request_terms(request: GradeRequest, vocabulary: Vocabulary) -> frozenset[str]:
    """This question's distinctive words: its bank document, or what the request carries."""
    own = vocabulary.documents.get(request.question_id)
    if own is not None:
        return own
    text = " ".join(
        [request.question, request.reference, *(kp.point for kp in request.key_points)]
        + [a for kp in request.key_points for a in kp.aliases]
    )
    return frozenset(content_terms(analyse(text, vocabulary.lexicon)))


def _comparable(request: GradeRequest, other_id: str, vocabulary: Vocabulary) -> bool:
    """A story may be about any technology: it is another question's answer only when it fits
    another story question better, never because it uses a technical question's words."""
    if request.kind is not Kind.BEHAVIORAL:
        return True
    return other_id in vocabulary.stories


def _cosine(overlap: float, answer_mass: float, doc_mass: float) -> float:
    if answer_mass <= 0 or doc_mass <= 0:
        return 0.0
    return overlap / (answer_mass * doc_mass) ** 0.5


def _topic_fit(
    request: GradeRequest,
    vocabulary: Vocabulary,
    own_terms: frozenset[str],
    sentences: list[ReadSentence],
) -> TopicFit:
    answer_terms = {t for s in sentences for t in s.terms}
    answer_mass = vocabulary.mass(answer_terms)
    own = _cosine(
        vocabulary.overlap(answer_terms, own_terms), answer_mass, vocabulary.mass(own_terms)
    )
    scores = {
        qid: _cosine(weight, answer_mass, vocabulary.document_mass[qid])
        for qid, weight in vocabulary.affinities(answer_terms).items()
        if qid != request.question_id and _comparable(request, qid, vocabulary)
    }
    # Sorted first: of equally close questions, the same one is named in every process.
    closest, best = max(sorted(scores.items()), key=lambda kv: kv[1], default=("", 0.0))
    rank = 1 + sum(1 for score in scores.values() if score > own)
    placed = [s for s in sentences if len(s.terms) >= MIN_TERMS_TO_PLACE]
    on_topic = sum(1 for s in placed if not s.foreign) / len(placed) if placed else 1.0
    in_bank = request.question_id in vocabulary.documents
    # A bank question's answer that fits many other questions far better is about one of them.
    # A free question has only its own few words to go on (a story rarely repeats them), so it
    # is judged on content and only an answer that shares none of them and is plainly another
    # bank question's answer is off topic.
    if in_bank:
        off = (rank > 5 and own < 0.6 * best) or on_topic < 0.35
    elif request.key_points or request.reference:  # its own vocabulary to compare with
        off = rank > FREE_OFF_TOPIC_RANK and own < 0.75 * best
    else:
        off = own == 0 and best > FREE_OFF_TOPIC_FIT and len(answer_terms) >= 8
    return TopicFit(round(own, 4), round(best, 4), closest, rank, off, round(on_topic, 4))


def read_answer(request: GradeRequest, vocabulary: Vocabulary, cues: SignalCues) -> Reading:
    all_sentences = split_sentences(request.answer)
    kept, dup_share, echo, injection, salad_share = _set_aside(request, all_sentences)
    own_terms = request_terms(request, vocabulary)
    in_bank = request.question_id in vocabulary.documents
    read: list[ReadSentence] = []
    for sentence in kept:
        tokens = analyse(sentence.text, vocabulary.lexicon)
        terms = tuple(content_terms(tokens))
        own_weight = vocabulary.overlap(terms, own_terms)
        foreign = False
        if in_bank and own_weight == 0 and len(set(terms)) >= MIN_TERMS_TO_PLACE:
            best = vocabulary.best_other(
                terms,
                FOREIGN_SHARE,
                lambda q: q != request.question_id and _comparable(request, q, vocabulary),
            )
            foreign = best >= FOREIGN_SHARE * vocabulary.mass(terms)
        i_count, we_count = first_person_counts(sentence.text)
        read.append(
            ReadSentence(
                sentence=sentence,
                tokens=tokens,
                terms=terms,
                flags=cues.flags(tokens) | _marks(sentence.text),
                has_number=_has_number(sentence.text, tokens),
                i_count=i_count,
                we_count=we_count,
                own_weight=own_weight,
                foreign=foreign,
            )
        )
    # Sentences are cut at whitespace only, so their words are the answer's words.
    answer_words = [w for s in all_sentences for w in s.words]
    known = sum(1 for s in read for t in s.tokens.raw if t.stem in vocabulary.idf)
    return Reading(
        sentences=read,
        raw_words=sum(s.word_count for s in all_sentences),
        valid_words=sum(s.sentence.word_count for s in read if s.counts),
        duplicate_share=dup_share,
        echo_count=echo,
        injection=injection,
        salad_share=salad_share,
        readable=readability(answer_words, known),
        topic=_topic_fit(request, vocabulary, own_terms, read),
        structure_blocks=_count_blocks(request.answer),
        topic_terms=own_terms,
    )


def term_counts(sentences: list[ReadSentence]) -> Counter[str]:
    return Counter(t for s in sentences for t in s.terms)
