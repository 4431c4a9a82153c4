"""Text the database cannot take as typed (NUL, lone surrogates) is saved, not lost, the same on
both engines; an enormous paste is cut to a named size with a note before the grader sees it."""

from sim import catalog, service, sessions
from sim.domain.stories import StoryFields
from sim.domain.user_text import MAX_ANSWER_CHARS, REPLACEMENT, clean_text, fit_answer
from sim.graders.offline import OfflineGrader
from sim.storage import repo, session_repo
from sim.stories import service as stories

TYPED = "Requirements first\x00 then a queue \ud83d and a cache \udc00 done."
STORED = "Requirements first\ufffd then a queue \ufffd and a cache \ufffd done."


def test_clean_text_replaces_only_what_cannot_be_stored() -> None:
    assert clean_text(TYPED) == STORED
    assert clean_text("naïve café 😀 – ok") == "naïve café 😀 – ok"
    assert clean_text("\ud83d\ude00") == REPLACEMENT * 2  # a split pair is two lone halves


def test_an_answer_with_nul_and_lone_surrogates_is_saved_and_graded(engine, bank) -> None:
    question = bank.get("py-fastapi-vs-django")
    outcome = service.grade_answer(engine, question, TYPED)
    stored = repo.get_attempt(engine, outcome.attempt_id)
    assert stored.answer == STORED and stored.status == "graded"


def test_drafts_follow_ups_and_stories_keep_such_text(engine, bank) -> None:
    session_id = sessions.start_session(engine, question_id="py-fastapi-vs-django")
    state = sessions.state(engine, session_id)
    sessions.save_draft(engine, state.attempt, TYPED, state.attempt.started_at)
    assert service.get_attempt(engine, state.attempt.id).answer == STORED
    follow_up = session_repo.add_follow_up(engine, state.attempt.id, "Why?", "depth", "bank")
    session_repo.answer_follow_up(engine, follow_up, TYPED)
    assert session_repo.follow_ups(engine, state.attempt.id)[0].answer == STORED
    story = stories.save_story(engine, StoryFields(title="Outage\x00", situation=TYPED))
    assert story.title == "Outage\ufffd" and story.situation == STORED


def test_a_huge_paste_is_cut_to_the_limit_with_a_note(engine, bank) -> None:
    question = bank.get("py-fastapi-vs-django")
    huge = "We shard by tenant and measure p99 latency. " * 250_000  # ~11 million characters
    graded: list[str] = []

    class Recording(OfflineGrader):
        def assess(self, request):
            graded.append(request.answer)
            return super().assess(request)

    outcome = service.grade_answer(engine, question, huge, grader=Recording(catalog.rubric()))
    assert graded == [huge[:MAX_ANSWER_CHARS]]  # the grader reads the cut answer, never all of it
    stored = repo.get_attempt(engine, outcome.attempt_id)
    assert stored.answer == huge[:MAX_ANSWER_CHARS]
    assert any(f"{MAX_ANSWER_CHARS:,}" in note for note in outcome.verdict.notes)
    assert fit_answer(huge).note() in outcome.verdict.notes
