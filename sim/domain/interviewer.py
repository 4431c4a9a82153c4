"""The interviewer of a system-design round: a clarifying question is answered from the
question's notes (matched through the matching layer offline, or chosen by an LLM and checked
here), only with what was asked; with nothing matching, the interviewer says so and asks what
the candidate would assume."""

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.domain.matching import (
    Lexicon,
    Term,
    Tokens,
    analyse,
    compile_term,
    find_term,
)
from sim.domain.questions import InterviewerFact, InterviewerNotes, KeyPoint
from sim.domain.reply_schema import strict_schema
from sim.domain.types import FactKind
from sim.domain.vocabulary import Vocabulary, content_terms

ReplySource = Literal["notes", "llm", "none"]
NOTHING_IN_NOTES = (
    "That's not something I'll pin down for you - what would you assume, and why? "
    "State the assumption and carry on."
)
YOUR_CALL = (
    "That's your call - it's what I want to hear from you. Tell me what you'd pick and why, "
    "and I'll tell you if a requirement rules it out."
)
ALREADY_SAID = "As I said: "
# Asking the interviewer to choose the design is not a clarifying question.
_SOLUTION_SEEKING = re.compile(
    r"\bshould (i|we) (use|pick|choose|go with)\b|\bwhich \w+( \w+)? should (i|we)\b"
    r"|\bwhat (would|do|should) you (use|pick|choose|recommend)\b|\b(recommend|suggest)\b"
    r"|\bbest (way|option|approach|choice)\b|\bis it better\b|\bhow would you\b"
    r"|\bwhat('s| is) the (answer|solution|right design)\b",
    re.IGNORECASE,
)
# How an adaptation to the requirement change is named among the points to cover.
CHANGE_POINT_PREFIX = "After the requirement change: "
MAX_FACTS_PER_REPLY = 3  # a compound question gets the facts it asks for, not the whole notes
# A question that names none of a fact's terms can still ask for it in other words: its content
# words (weighted by rarity across the bank) must mostly be the fact's, or, when it asks the
# fact's kind of thing ("how many ...?" for a scale fact), a good share of them.
SOFT_SHARE = 0.5
SOFT_SHARE_WITH_INTENT = 0.25
_INTENTS: dict[FactKind, tuple[str, ...]] = {
    FactKind.SCALE: (
        "how many|how much|how big|how large|volume|scale|load|size|throughput|per day"
        "|per second|per month|users|requests|growth|grow|peak|traffic|latency|availability",
    ),
    FactKind.CONSTRAINT: (
        "budget|team|deadline|existing|legacy|must use|compliance|regulat|constraint|cloud"
        "|skills|timeline|cost",
    ),
    FactKind.NON_GOAL: ("in scope|out of scope|do we need|should we also|do i need|also build",),
}


@dataclass(frozen=True)
class InterviewerReply:
    answer: str
    source: ReplySource
    facts: tuple[InterviewerFact, ...] = ()


@dataclass(frozen=True)
class CompiledFact:
    fact: InterviewerFact
    groups: tuple[Term, ...]
    terms: frozenset[str]  # content words of the fact, its example question and its terms

    def asked_in(self, tokens: Tokens) -> bool:
        """Every group of the fact's terms appears in the candidate's question."""
        return all(find_term(tokens, group) is not None for group in self.groups)


def compile_notes(notes: InterviewerNotes, vocabulary: Vocabulary) -> tuple[CompiledFact, ...]:
    lexicon = vocabulary.lexicon
    out = []
    for fact in notes.facts:
        text = " ".join([fact.answer, fact.example_question, *fact.asked_about]).replace("|", " ")
        terms = frozenset(content_terms(analyse(text, lexicon)))
        groups = tuple(compile_term(group, lexicon) for group in fact.asked_about)
        out.append(CompiledFact(fact, groups, terms))
    return tuple(out)


# The intent terms compiled once per lexicon (keyed by its groups), not once per question asked.
_INTENT_TERMS: dict[tuple, dict[FactKind, tuple[Term, ...]]] = {}


def _intent_terms(lexicon: Lexicon) -> dict[FactKind, tuple[Term, ...]]:
    if lexicon.groups not in _INTENT_TERMS:
        _INTENT_TERMS[lexicon.groups] = {
            kind: tuple(compile_term(group, lexicon) for group in groups)
            for kind, groups in _INTENTS.items()
        }
    return _INTENT_TERMS[lexicon.groups]


def _intents(tokens: Tokens, lexicon: Lexicon) -> set[FactKind]:
    return {
        kind
        for kind, terms in _intent_terms(lexicon).items()
        if any(find_term(tokens, term) is not None for term in terms)
    }


def _closest(
    tokens: Tokens, facts: tuple[CompiledFact, ...], vocabulary: Vocabulary
) -> InterviewerFact | None:
    """The fact the question asks for in other words, if one clearly fits."""
    asked = set(content_terms(tokens))
    mass = vocabulary.mass(asked)
    if not asked or mass <= 0:
        return None
    intents = _intents(tokens, vocabulary.lexicon)
    best, best_score = None, 0.0
    for compiled in facts:
        shared = asked & compiled.terms
        if not shared:
            continue
        share = vocabulary.mass(shared) / mass
        needed = SOFT_SHARE_WITH_INTENT if compiled.fact.kind in intents else SOFT_SHARE
        if share >= needed and share > best_score:
            best, best_score = compiled.fact, share
    return best


def answer_question(
    question: str,
    facts: tuple[CompiledFact, ...],
    vocabulary: Vocabulary,
    already_given: frozenset[str] = frozenset(),
) -> InterviewerReply:
    """The facts the question asks for, in the interviewer's words; none: ask for an assumption.
    A fact given before is given again, marked as already said."""
    if seeks_solution(question):
        return InterviewerReply(YOUR_CALL, "none")
    tokens = analyse(question, vocabulary.lexicon)
    asked = [f.fact for f in facts if f.asked_in(tokens)][:MAX_FACTS_PER_REPLY]
    if not asked and (closest := _closest(tokens, facts, vocabulary)) is not None:
        asked = [closest]
    if not asked:
        return InterviewerReply(NOTHING_IN_NOTES, "none")
    return InterviewerReply(_say(asked, already_given), "notes", tuple(asked))


def seeks_solution(question: str) -> bool:
    """Asking the interviewer to choose the design: answered with "your call", by any engine."""
    return _SOLUTION_SEEKING.search(question) is not None


def _say(facts: list[InterviewerFact], already_given: frozenset[str]) -> str:
    """The facts in the notes' own words, a fact given before marked as already said."""
    return " ".join(
        (ALREADY_SAID + fact.answer) if fact.answer in already_given else fact.answer
        for fact in facts
    )


# -- the LLM interviewer's reply contract and its checks ---------------------------------------
# Above this share (by rarity weight) of its content words outside the facts used and the
# candidate's question, a model's wording may say more than the notes: the notes' words are given.
MAX_STRAY_SHARE = 0.25


class InterviewerAnswerReply(BaseModel):
    """What the LLM interviewer replies: its answer and the numbers of the notes' facts used."""

    model_config = ConfigDict(extra="ignore")

    answer: str
    facts: list[int] = Field(default_factory=list)


def interviewer_reply_schema() -> dict[str, Any]:
    return strict_schema(InterviewerAnswerReply)


def interviewer_reply_rule() -> str:
    """The prompt's reply rule, from the same model."""
    return 'Reply with one JSON object: {"answer": "...", "facts": [numbers of the facts used]}.'


def numbered_facts(facts: tuple[CompiledFact, ...]) -> str:
    return "\n".join(f"{i}. {c.fact.answer}" for i, c in enumerate(facts, 1))


def check_model_reply(
    reply: InterviewerAnswerReply,
    question: str,
    facts: tuple[CompiledFact, ...],
    vocabulary: Vocabulary,
    already_given: frozenset[str] = frozenset(),
) -> InterviewerReply:
    """Keep only what the notes support: fact numbers that exist (at most the usual few); no
    fact used is "ask for an assumption"; wording that strays beyond those facts and the
    candidate's question is replaced by the facts' own words."""
    numbers = list(dict.fromkeys(n for n in reply.facts if 1 <= n <= len(facts)))
    used = [facts[n - 1] for n in numbers[:MAX_FACTS_PER_REPLY]]
    if not used:
        return InterviewerReply(NOTHING_IN_NOTES, "none")
    said = set(content_terms(analyse(reply.answer, vocabulary.lexicon)))
    allowed = set().union(*(c.terms for c in used)) | set(
        content_terms(analyse(question, vocabulary.lexicon))
    )
    mass = vocabulary.mass(said)
    strays = mass <= 0 or vocabulary.mass(said - allowed) > MAX_STRAY_SHARE * mass
    text = _say([c.fact for c in used], already_given) if strays else " ".join(reply.answer.split())
    return InterviewerReply(text, "llm", tuple(c.fact for c in used))


@dataclass(frozen=True)
class Clarification:
    question: str
    answer: str
    source: ReplySource

    @property
    def obtained_facts(self) -> bool:
        return self.source != "none"


@dataclass(frozen=True)
class RoomContext:
    """What the room adds to an answer's graded record: the clarifying exchanges and the
    requirement change, if it was announced."""

    clarifications: tuple[Clarification, ...] = ()
    change: str = ""
    change_points: tuple[KeyPoint, ...] = ()

    @property
    def facts_obtained(self) -> int:
        return sum(1 for c in self.clarifications if c.obtained_facts)

    def as_text(self) -> str:
        """The room's part of the record as plain text (the LLM prompt and the cache key)."""
        lines = [
            f"Candidate asked: {c.question}\nInterviewer: {c.answer}" for c in self.clarifications
        ]
        if self.change:
            lines.append(f"Requirement change announced: {self.change}")
        return "\n\n".join(lines)
