"""The interviewer of a system-design round, offline: a clarifying question is answered from the
question's notes (matched through the matching layer), only with what was asked; with nothing
matching, the interviewer says so and asks what the candidate would assume."""

import re
from dataclasses import dataclass
from typing import Literal

from sim.domain.matching import (
    Lexicon,
    Term,
    Tokens,
    analyse,
    compile_term,
    find_term,
)
from sim.domain.questions import InterviewerFact, InterviewerNotes, KeyPoint
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


def _intents(tokens: Tokens, lexicon: Lexicon) -> set[FactKind]:
    found = set()
    for kind, groups in _INTENTS.items():
        for group in groups:
            term = compile_term(group, lexicon)
            if find_term(tokens, term) is not None:
                found.add(kind)
    return found


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
    if _SOLUTION_SEEKING.search(question):
        return InterviewerReply(YOUR_CALL, "none")
    tokens = analyse(question, vocabulary.lexicon)
    asked = [f.fact for f in facts if f.asked_in(tokens)][:MAX_FACTS_PER_REPLY]
    if not asked and (closest := _closest(tokens, facts, vocabulary)) is not None:
        asked = [closest]
    if not asked:
        return InterviewerReply(NOTHING_IN_NOTES, "none")
    parts = [
        (ALREADY_SAID + fact.answer) if fact.answer in already_given else fact.answer
        for fact in asked
    ]
    return InterviewerReply(" ".join(parts), "notes", tuple(asked))


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
