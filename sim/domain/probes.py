"""The interviewer's follow-ups, offline: a probe from the question's ladder aimed at the weakest
dimension and the key points the answer missed, quoting what the candidate said; and whether a
reply answers the probe at all (an off-topic reply is not an answer and never counts)."""

from dataclasses import dataclass

from sim.domain.grade_request import FollowUpSpec, GradeRequest
from sim.domain.matching import analyse
from sim.domain.text import split_sentences, trim_quote
from sim.domain.verdict import FollowUpReply, Verdict
from sim.domain.vocabulary import Vocabulary, content_terms

MIN_QUOTE_TERMS = 2  # a quote must share this many content words with the probe
MIN_REPLY_WORDS = 4
REPLY_SHARE = 0.2  # weight of the reply's words that the probe or the question also use
QUOTE_CHARS = 140
MIN_PROBE_CHARS = 10  # a shorter "question" ("Why?", "ok") is not a probe worth asking


def quote_prefix(quote: str) -> str:
    return f"You said “{quote}”. "


def asked_base(asked: str, probe: str) -> bool:
    """A stored probe is the bank's text, maybe after a quote of the candidate."""
    return asked == probe or asked.endswith(" " + probe)


def _probe_key(text: str) -> str:
    return " ".join(text.lower().split()).rstrip("?.! ")


def proposed_probe(proposal: FollowUpReply | None, asked: tuple[str, ...]) -> FollowUpSpec | None:
    """A grader's proposed follow-up, if it is one worth asking: long enough and not a repeat
    of a probe already asked (also one asked after a quote of the candidate)."""
    if proposal is None:
        return None
    text = " ".join(proposal.question.split())
    if len(text) < MIN_PROBE_CHARS:
        return None
    key = _probe_key(text)
    if any(_probe_key(a) == key or _probe_key(a).endswith(" " + key) for a in asked):
        return None
    return FollowUpSpec(text, proposal.dimension)


@dataclass(frozen=True)
class Probe:
    spec: FollowUpSpec
    quote: str  # the candidate's sentence it reacts to ("" when none fits)

    @property
    def text(self) -> str:
        return (quote_prefix(self.quote) if self.quote else "") + self.spec.question


def _terms(text: str, vocabulary: Vocabulary) -> set[str]:
    return set(content_terms(analyse(text, vocabulary.lexicon)))


def choose_probe(request: GradeRequest, verdict: Verdict, vocabulary: Vocabulary) -> Probe | None:
    """The next rung: the weakest dimension first; among its probes, the one closest to what
    the answer missed; never one already asked. It quotes the answer's sentence it probes."""
    remaining = [
        f
        for f in request.follow_ups
        if not any(asked_base(a, f.question) for a in request.asked_follow_ups)
    ]
    if not remaining:
        return None
    levels = {d.dimension: (d.level or 0) for d in verdict.dimensions}
    missed = set().union(*(_terms(p, vocabulary) for p in verdict.key_points_missed))

    def rank(spec: FollowUpSpec) -> tuple:
        aim = vocabulary.mass(_terms(spec.question, vocabulary) & missed)
        return (levels.get(spec.dimension, 0), -aim, request.follow_ups.index(spec))

    spec = min(remaining, key=rank)
    return Probe(spec, _quote(request.answer, spec.question, vocabulary))


def _quote(answer: str, probe: str, vocabulary: Vocabulary) -> str:
    wanted = _terms(probe, vocabulary)
    best, best_weight = "", 0.0
    for sentence in split_sentences(answer):
        shared = wanted & _terms(sentence.text, vocabulary)
        if len(shared) >= MIN_QUOTE_TERMS and vocabulary.mass(shared) > best_weight:
            best, best_weight = trim_quote(sentence, QUOTE_CHARS), vocabulary.mass(shared)
    return best


def answers_probe(reply: str, probe: str, request: GradeRequest, vocabulary: Vocabulary) -> bool:
    """The reply talks about what was asked: enough of its distinctive words are the probe's or
    this question's. A reply about something else is not an answer."""
    if len(reply.split()) < MIN_REPLY_WORDS:
        return False
    said = _terms(reply, vocabulary)
    if not said:
        return False
    own = vocabulary.documents.get(request.question_id) or frozenset(
        _terms(request.question, vocabulary)
    )
    relevant = said & (_terms(probe, vocabulary) | set(own))
    return vocabulary.mass(relevant) >= REPLY_SHARE * vocabulary.mass(said)
