"""The interviewer of a system-design round, offline: a clarifying question is answered from the
question's notes (matched through the matching layer), only with what was asked; with nothing
matching, the interviewer says so and asks what the candidate would assume."""

from dataclasses import dataclass
from typing import Literal

from sim.domain.matching import (
    EMPTY_LEXICON,
    Lexicon,
    Term,
    Tokens,
    analyse,
    compile_term,
    find_term,
)
from sim.domain.questions import InterviewerFact, InterviewerNotes

ReplySource = Literal["notes", "llm", "none"]
NOTHING_IN_NOTES = (
    "That's not something I'll pin down for you - what would you assume, and why? "
    "State the assumption and carry on."
)
ALREADY_SAID = "As I said: "
MAX_FACTS_PER_REPLY = 3  # a compound question gets the facts it asks for, not the whole notes


@dataclass(frozen=True)
class InterviewerReply:
    answer: str
    source: ReplySource
    facts: tuple[InterviewerFact, ...] = ()


@dataclass(frozen=True)
class CompiledFact:
    fact: InterviewerFact
    groups: tuple[Term, ...]

    def asked_in(self, tokens: Tokens) -> bool:
        """Every group of the fact's terms appears in the candidate's question."""
        return all(find_term(tokens, group) is not None for group in self.groups)


def compile_notes(
    notes: InterviewerNotes, lexicon: Lexicon = EMPTY_LEXICON
) -> tuple[CompiledFact, ...]:
    return tuple(
        CompiledFact(fact, tuple(compile_term(group, lexicon) for group in fact.asked_about))
        for fact in notes.facts
    )


def answer_question(
    question: str,
    facts: tuple[CompiledFact, ...],
    lexicon: Lexicon = EMPTY_LEXICON,
    already_given: frozenset[str] = frozenset(),
) -> InterviewerReply:
    """The facts the question asks for, in the interviewer's words; none: ask for an assumption.
    A fact given before is given again, marked as already said."""
    tokens = analyse(question, lexicon)
    asked = [f.fact for f in facts if f.asked_in(tokens)][:MAX_FACTS_PER_REPLY]
    if not asked:
        return InterviewerReply(NOTHING_IN_NOTES, "none")
    parts = [
        (ALREADY_SAID + fact.answer) if fact.answer in already_given else fact.answer
        for fact in asked
    ]
    return InterviewerReply(" ".join(parts), "notes", tuple(asked))
