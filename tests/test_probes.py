"""Follow-ups that react: the probe ladder aims at the weakest dimension and the missed key
points and quotes the candidate; a reply about something else is not an answer and never counts."""

from datetime import timedelta

from sim import catalog, service, sessions
from sim.domain.probes import answers_probe, choose_probe, quote_prefix
from sim.domain.statuses import FollowUpStatus
from sim.graders.offline import OfflineGrader
from sim.service import judge, request_for
from sim.storage import session_repo
from tests.test_offline_grader import STRONG

QUESTION_ID = "sd-rate-limiter"


def _verdict(question, answer):
    verdict, _ = judge(
        request_for(question, answer), OfflineGrader(catalog.rubric()), catalog.rubric()
    )
    return verdict


def test_the_probe_aims_at_the_weakest_dimension_and_quotes_the_answer() -> None:
    question = catalog.bank().get(QUESTION_ID)
    verdict = _verdict(question, STRONG)
    probe = choose_probe(request_for(question, STRONG), verdict, catalog.vocabulary())
    assert probe is not None
    levels = {d.dimension: d.level or 0 for d in verdict.dimensions}
    asked_dims = {f.dimension for f in question.follow_ups}
    assert levels[probe.spec.dimension] == min(levels[d] for d in asked_dims)
    if probe.quote:
        assert probe.text.startswith(quote_prefix(probe.quote)) and probe.quote in STRONG


def test_a_probe_asked_with_its_quote_is_never_asked_again() -> None:
    question = catalog.bank().get(QUESTION_ID)
    verdict = _verdict(question, STRONG)
    asked: tuple[str, ...] = ()
    seen = []
    for _ in range(len(question.follow_ups) + 1):
        probe = choose_probe(request_for(question, STRONG, asked), verdict, catalog.vocabulary())
        if probe is None:
            break
        seen.append(probe.spec.question)
        asked += (probe.text,)
    assert len(seen) == len(set(seen)) == len(question.follow_ups)


def test_a_reply_about_something_else_is_not_an_answer() -> None:
    question = catalog.bank().get(QUESTION_ID)
    request = request_for(question, STRONG)
    probe = question.follow_ups[0].question
    on_topic = (
        "Each gateway keeps a local token bucket per API key and syncs its share with Redis every "
        "100 ms, so a hot key is limited within about 5% across regions."
    )
    off_topic = (
        "I really enjoyed leading our hackathon last spring; the team built a recipe app and we "
        "won a prize for the best design."
    )
    assert answers_probe(on_topic, probe, request, catalog.vocabulary())
    assert not answers_probe(off_topic, probe, request, catalog.vocabulary())
    assert not answers_probe("Not sure.", probe, request, catalog.vocabulary())


def test_an_off_topic_reply_is_kept_but_never_raises_the_grade(engine) -> None:
    def run(reply: str | None):
        session_id = sessions.start_session(engine, question_id=QUESTION_ID)
        state = sessions.state(engine, session_id)
        sessions.submit(
            engine,
            state.attempt,
            STRONG,
            state.attempt.started_at + timedelta(minutes=9),
            "offline",
        )
        sessions.answer_follow_up(engine, sessions.state(engine, session_id), reply, "offline")
        while (state := sessions.state(engine, session_id)).phase == "follow_up":
            sessions.answer_follow_up(engine, state, None, "offline")
        attempt = service.get_attempt(engine, state.attempt.id)
        sessions.next_question(engine, state)
        return attempt

    declined = run(None)
    rambling = (
        "Honestly the best part of my last job was the offsite in Lisbon, the food was great and "
        "we played football every evening with the product managers."
    ) * 3
    off = run(rambling)
    probes = service.follow_up_answers(engine, off.id)
    assert not probes  # nothing answered counts
    stored = session_repo.follow_ups(engine, off.id)
    assert stored[0].status == FollowUpStatus.OFF_TOPIC and stored[0].answer.startswith("Honestly")
    assert off.latest_grade.overall <= declined.latest_grade.overall
