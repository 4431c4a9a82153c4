"""Story-specific signals read from the fields by plain code, and the concrete rewrites they call
for. These sit on top of the rubric grade: the grader judges the told answer, these checks say
which field to change and how."""

import re

from sim.domain.cues import FIRST_PERSON_PLURAL, FIRST_PERSON_SINGULAR
from sim.domain.matching import Lexicon, analyse
from sim.domain.signal_cues import SignalCues
from sim.domain.stories import STAR_FIELDS, StoryChecks, StoryFields
from sim.stories.text import TARGET_MAX_S, TARGET_MIN_S, speaking_seconds, word_count

MIN_PART_WORDS = 5  # a STAR part shorter than this is as good as missing
THIN_ACTION_WORDS = 40  # the Action is where Staff scope shows; fewer words rarely show it
I_SHARE_BAR = 0.6  # below this share of "I" among I/we words, the Action reads as the team's
MIN_LESSON_WORDS = 8

_I_WORDS = FIRST_PERSON_SINGULAR
_WE_WORDS = FIRST_PERSON_PLURAL
_NUMBER = re.compile(r"(?<!\w)(?:[$€£]\s?\d[\d,.]*\s?[kmb]?\b|\d[\d,.]*\s?(?:%|x\b|ms\b|k\b)?)")
_YEAR = re.compile(r"^(19|20)\d{2}$")


def _found(cues: SignalCues, signal: str, text: str, lexicon: Lexicon) -> list[str]:
    """The phrases of one rubric signal the text uses, read through the matching layer."""
    return cues.sets[signal].phrases_in(analyse(text, lexicon))


def numbers_in(text: str) -> list[str]:
    hits = [m.group(0).strip().rstrip(".,") for m in _NUMBER.finditer(text)]
    return list(dict.fromkeys(h for h in hits if not _YEAR.match(h)))


def story_checks(story: StoryFields, cues: SignalCues, lexicon: Lexicon) -> StoryChecks:
    """Counts and finds (scope, influence, ambiguity and reflection through the rubric's signal
    cues, the grader's own); no judgement beyond fixed thresholds."""
    parts = {name: word_count(getattr(story, name)) for name, _ in STAR_FIELDS}
    narrative = " ".join(getattr(story, name) for name, _ in STAR_FIELDS)
    i_action = len(_I_WORDS.findall(story.action))
    we_action = len(_WE_WORDS.findall(story.action))
    words = word_count(narrative) + word_count(story.metrics)
    lesson_text = story.lesson + " " + story.result
    return StoryChecks(
        parts=parts,
        star_complete=all(
            parts[p] >= MIN_PART_WORDS for p in ("situation", "task", "action", "result")
        ),
        i_count=len(_I_WORDS.findall(narrative)),
        we_count=len(_WE_WORDS.findall(narrative)),
        action_i_share=round(i_action / (i_action + we_action), 2)
        if i_action + we_action
        else None,
        quantified=bool(numbers_in(story.result + " " + story.metrics)),
        numbers=numbers_in(story.result + " " + story.metrics),
        scope=_found(cues, "organisation", narrative, lexicon),
        influence=_found(cues, "influence", narrative, lexicon),
        ambiguity=_found(cues, "ambiguity", narrative, lexicon),
        reflection=parts["lesson"] >= MIN_LESSON_WORDS
        or bool(_found(cues, "lesson", lesson_text, lexicon)),
        words=words,
        speaking_s=speaking_seconds(words),
    )


_MISSING_PART = {
    "situation": "Situation is missing or too short: in two sentences say where you were, what "
    "was at stake and for whom (users, revenue, how many teams).",
    "task": "Task is missing or too short: say what you personally owned and why it was hard "
    "(deadline, no authority, conflicting goals).",
    "action": "Action is missing or too short: walk through the three or four steps you took "
    "yourself, in order, starting each with 'I'.",
    "result": "Result is missing or too short: say what changed because of your work, with a "
    "number (latency, cost, incidents, adoption) and by when.",
}


def _first_we_sentence(text: str) -> str:
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if _WE_WORDS.search(sentence) and not _I_WORDS.search(sentence):
            return sentence.strip()
    return ""


def rewrite_suggestions(story: StoryFields, checks: StoryChecks) -> list[str]:
    """Concrete changes, most important first: each names the field and what to write."""
    tips: list[str] = []
    for part in ("situation", "task", "action", "result"):
        if checks.parts[part] < MIN_PART_WORDS:
            tips.append(_MISSING_PART[part])
    if checks.parts["result"] >= MIN_PART_WORDS and not checks.quantified:
        tips.append(
            "Result has no number: say by how much latency, cost, incidents or delivery time "
            "changed (e.g. 'p99 from 900 ms to 250 ms', 'cloud bill down 30%, $40k a month')."
        )
    share = checks.action_i_share
    if checks.parts["action"] >= MIN_PART_WORDS and (share is None or share < I_SHARE_BAR):
        example = _first_we_sentence(story.action)
        quoted = f" For example, rewrite “{example[:120]}” as what you did." if example else ""
        tips.append(
            "Action is told as 'we' "
            + (f"({share:.0%} 'I')" if share is not None else "(no 'I' at all)")
            + ": say what you personally decided, wrote or led, and name what others did."
            + quoted
        )
    if checks.parts["action"] >= MIN_PART_WORDS and checks.parts["action"] < THIN_ACTION_WORDS:
        tips.append(
            f"Action is thin ({checks.parts['action']} words): add the options you weighed, "
            "the one you chose and why, and how you got others to follow."
        )
    if MIN_PART_WORDS <= checks.parts["action"] < checks.parts["situation"]:
        tips.append(
            f"Situation ({checks.parts['situation']} words) is longer than Action "
            f"({checks.parts['action']} words): cut the context to two sentences and spend the "
            "time on what you did."
        )
    if not checks.scope:
        tips.append(
            "No cross-team scope: name the teams, organisations or customers affected and whom "
            "you had to align (e.g. 'four product teams and the SRE org')."
        )
    if not checks.influence:
        tips.append(
            "No influence shown: say how you won people over without authority (a design doc or "
            "RFC, a pilot with data, one-on-ones with the sceptics)."
        )
    if not checks.reflection:
        tips.append(
            "No reflection: close with one lesson you still apply, or what you would do "
            "differently next time."
        )
    if not checks.ambiguity and "ambiguity" in story.tags:
        tips.append(
            "Tagged 'ambiguity' but nothing was unclear: say what was unknown at the start "
            "(no owner, conflicting goals, missing data) and how you narrowed it."
        )
    if checks.speaking_s > TARGET_MAX_S:
        tips.append(
            f"Told as written it runs ~{checks.speaking_s // 60} min {checks.speaking_s % 60} s: "
            "cut it to 2-3 minutes (about 280-420 words); the interviewer will ask for more."
        )
    elif checks.star_complete and checks.speaking_s < TARGET_MIN_S:
        tips.append(
            f"Told as written it takes only ~{checks.speaking_s} s: a Staff story needs 2-3 "
            "minutes to show scope; add the hard decision and its trade-off to the Action."
        )
    if not story.tags:
        tips.append("Tag the competencies this story shows, so it counts in the coverage matrix.")
    return tips


def merge_suggestions(own: list[str], grader: list[str], limit: int = 8) -> list[str]:
    """The story's own rewrites first, then the grader's, without repeats."""
    return list(dict.fromkeys([*own, *grader]))[:limit]
