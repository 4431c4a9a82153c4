"""What the offline grader credits, counted from a reading of the answer: decisions with their
reasons, numbers that size the problem, failure → detection → recovery chains, rollout,
measurement, ownership — substance, not headings or rubric words."""

import re
from dataclasses import dataclass, field

from sim.domain.answer_reading import Reading, ReadSentence
from sim.domain.diagram import Diagram, Node
from sim.domain.key_points import KeyPointHit
from sim.domain.matching import EMPTY_LEXICON, Lexicon, Tokens, analyse, compile_term, find_term
from sim.domain.misconceptions import MisconceptionIndex, split_clauses
from sim.domain.questions import Misconception
from sim.domain.text import Sentence

CHAIN_WINDOW = 3  # sentences in which a failure's detection and recovery must follow


@dataclass(frozen=True)
class StatedMisconception:
    misconception: Misconception
    sentence: Sentence


@dataclass(frozen=True)
class DrawnSignals:
    """The whiteboard drawn with the answer: its components (nodes) and data flows (edges)
    count when it parses and connects something; the components the text never explains."""

    diagram: Diagram
    unexplained: tuple[Node, ...] = ()

    @property
    def counted(self) -> bool:
        return self.diagram.parsed and bool(self.diagram.edges)


def _explained(node: Node, sentences: list[ReadSentence], lexicon: Lexicon) -> bool:
    """The answer names the component (its label or its id, through the matching layer)."""
    names = {node.label, node.id.replace("_", " ")}
    terms = [compile_term(name, lexicon) for name in names if name.strip()]
    return any(find_term(s.tokens, term) for term in terms for s in sentences)


def read_diagram(
    diagram: Diagram, sentences: list[ReadSentence], lexicon: Lexicon = EMPTY_LEXICON
) -> DrawnSignals:
    if not diagram.parsed:
        return DrawnSignals(diagram)
    silent = tuple(n for n in diagram.nodes if not _explained(n, sentences, lexicon))
    return DrawnSignals(diagram, silent)


@dataclass
class AnswerSignals:
    reading: Reading
    key_points: list[KeyPointHit]
    misconceptions: list[StatedMisconception]
    by_flag: dict[str, list[Sentence]] = field(default_factory=dict)
    by_commitment: dict[str, list[Sentence]] = field(default_factory=dict)
    decisions: list[Sentence] = field(default_factory=list)
    numbers: list[Sentence] = field(default_factory=list)
    chains: list[Sentence] = field(default_factory=list)  # the failure sentence of each chain
    quantified_results: list[Sentence] = field(default_factory=list)
    i_sentences: list[Sentence] = field(default_factory=list)
    i_count: int = 0
    we_count: int = 0
    requirements_first: bool = False
    clarified: int | None = None  # facts obtained by asking the interviewer; None: no room
    buzz_share: float = 0.0
    drawn: DrawnSignals | None = None  # the whiteboard, when one was drawn
    # What sets level 4 apart, each as a committed sentence (a reason, a choice or a number),
    # never as a bare word: explicit risk, the way back, success defined before building and
    # framing for the organisation. Trait → the first sentence showing it.
    staff_plus: dict[str, Sentence] = field(default_factory=dict)

    def flagged(self, name: str) -> list[Sentence]:
        return self.by_flag.get(name, [])

    def committed(self, name: str) -> list[Sentence]:
        """The sentences showing this signal that also commit to something (a decision, a
        figure or a reason): "alerts and dashboards give visibility" names operations, "page the
        on-call when p99 passes 300 ms" designs them."""
        return self.by_commitment.get(name, [])

    @property
    def key_point_coverage(self) -> float:
        """Each covered point by its strength (1 for an alias, the soft share otherwise); a
        point the answer only comes near adds nothing."""
        if not self.key_points:
            return 0.0
        return sum(h.strength for h in self.key_points if h.covered) / len(self.key_points)

    @property
    def covered_share(self) -> float:
        if not self.key_points:
            return 0.0
        return sum(1 for h in self.key_points if h.covered) / len(self.key_points)


def _is_list(s: ReadSentence) -> bool:
    """A run of named mechanisms ("retries, DLQs, circuit breakers and failover ensure ...")
    commits to none of them."""
    return s.sentence.text.count(",") >= 3 and "because" not in s.flags


_LABELLED_NOTE = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])?\s*[A-Z][\w/&+ -]{0,30}:\s+\S")


def _is_decision(s: ReadSentence, story: bool) -> bool:
    """An alternative weighed, or a choice with what drives it (a reason, a condition, a number,
    a cost or a risk): the sentence commits to something. In a story, what the candidate did and
    why. Generic wording and bare lists of mechanisms decide nothing."""
    f = s.flags
    if s.sentence.word_count < 4 or "buzz" in f or _is_list(s):
        return False
    # A design decision is about this question: it names some of its distinctive words or a
    # figure. (A story may be about any technology: its decisions are what the candidate did.)
    if not story and s.own_weight <= 0 and not s.has_number:
        return False
    # A labelled note ("- Topology: Front Door -> APIM Premium, ...") states what was chosen for
    # that part of the design, as "I'd use" does in prose.
    chooses = "choice" in f or "commit" in f or bool(_LABELLED_NOTE.match(s.sentence.text))
    if "contrast" in f and ("reason" in f or chooses or s.has_number):
        return True
    driven = "reason" in f or s.has_number or "cost" in f or "risk" in f
    if story:
        return s.i_count > 0 and (driven or "options" in f or "choice" in f)
    return chooses and driven


_COMMITTED = frozenset({"because", "reason", "commit", "choice", "contrast"})
# Level-4 traits and the signal that shows each; organisation framing also needs a way of
# bringing others along or a mechanism that outlasts the work, so naming teams (or tenants) is
# not framing.
STAFF_PLUS_TRAITS = {
    "risk": "risk",
    "reversibility": "reversibility",
    "measured_first": "measured_first",
    "organisation": "organisation",
}
_FRAMING = frozenset({"influence"})


def _staff_plus(sentences: list[ReadSentence]) -> dict[str, Sentence]:
    found: dict[str, Sentence] = {}
    for s in sentences:
        # "X is important", "keep Y in mind" decide nothing, whatever else they name; a generic
        # adjective is forgiven where the sentence commits to a number.
        generic = "vague" in s.flags or ("buzz" in s.flags and not s.has_number)
        if generic or not (_COMMITTED & s.flags or s.has_number):
            continue
        if s.own_weight <= 0:  # about this question: it uses some of its distinctive words
            continue
        for trait, flag in STAFF_PLUS_TRAITS.items():
            if trait in found or flag not in s.flags:
                continue
            if trait == "organisation" and not _FRAMING & s.flags:
                continue
            found[trait] = s.sentence
    return found


def _chains(sentences: list[ReadSentence]) -> list[Sentence]:
    """Failure sentences followed (within CHAIN_WINDOW) by how it is detected and recovered."""
    out: list[Sentence] = []
    index = 0
    while index < len(sentences):
        if "failure" in sentences[index].flags:
            window = sentences[index : index + CHAIN_WINDOW]
            detected = any("detection" in s.flags for s in window)
            recovered = any("recovery" in s.flags for s in window)
            if detected and recovered:
                out.append(sentences[index].sentence)
                index += CHAIN_WINDOW
                continue
        index += 1
    return out


def extract_signals(
    reading: Reading,
    key_points: list[KeyPointHit],
    misconceptions: MisconceptionIndex,
    story: bool = False,
    diagram: Diagram | None = None,
    lexicon: Lexicon = EMPTY_LEXICON,
) -> AnswerSignals:
    counted = reading.counted
    stated: list[StatedMisconception] = []
    clause_cache: dict[int, list[Tokens]] = {}

    def clauses(position: int) -> list[Tokens]:
        if position not in clause_cache:
            parts = split_clauses(counted[position].sentence.text)
            whole = [counted[position].tokens]
            clause_cache[position] = (
                whole if len(parts) <= 1 else [analyse(part, lexicon) for part in parts]
            )
        return clause_cache[position]

    for item, position in misconceptions.stated([s.tokens for s in counted], clauses):
        where = counted[position].sentence
        # One wrong sentence is one error, whichever entries recognise it.
        if all(w.sentence is not where for w in stated):
            stated.append(StatedMisconception(item.misconception, where))
    sig = AnswerSignals(reading, key_points, stated)
    for s in counted:
        for flag in s.flags:
            sig.by_flag.setdefault(flag, []).append(s.sentence)
        decided = _is_decision(s, story)
        if decided:
            sig.decisions.append(s.sentence)
        if decided or s.has_number or "because" in s.flags:
            for flag in s.flags:
                sig.by_commitment.setdefault(flag, []).append(s.sentence)
        if s.has_number:
            sig.numbers.append(s.sentence)
            if "result" in s.flags:
                sig.quantified_results.append(s.sentence)
        sig.i_count += s.i_count
        sig.we_count += s.we_count
        if s.i_count:
            sig.i_sentences.append(s.sentence)
    sig.chains = _chains(counted)
    sig.staff_plus = _staff_plus(counted)
    requirements = sig.flagged("requirements")
    if requirements and counted:
        position = next(i for i, s in enumerate(counted) if s.sentence is requirements[0])
        sig.requirements_first = position <= max(1, len(counted) // 4)
    sig.buzz_share = len(sig.flagged("buzz")) / len(counted) if counted else 0.0
    if diagram is not None and not diagram.empty:
        sig.drawn = read_diagram(diagram, counted, lexicon)
    return sig
