"""A user's own questions in a shared deployment live in the database under their account, on
both engines: validated like the YAML file, in that user's bank only. And on the pages: one
signed-in person adds a question on Question bank; another never sees it."""

import pytest

from sim import catalog, user_questions, users
from sim.domain.errors import DataFileError
from sim.storage.ownership import for_user
from tests.app_forms import add_question_through_the_form
from tests.test_app_users import _app, _shown, database  # noqa: F401 - the fixture
from tests.workers import question_record

RECORD = question_record("contoso-ledger")


@pytest.fixture
def two(engine):
    def scoped(name: str):
        account = users.user_for_identity(engine, "https://idp.test", name, f"{name}@x.test", name)
        return for_user(engine, account.id)

    return scoped("ann"), scoped("bob")


def test_a_users_question_is_in_their_bank_only(two) -> None:
    ann, bob = two
    added = user_questions.add(ann, RECORD, new_topic_title="Payments ledger")
    assert added.id == "contoso-ledger"
    assert user_questions.bank_for(ann).get("contoso-ledger").topic == "payments-ledger"
    assert user_questions.bank_for(ann).origin["contoso-ledger"] == user_questions.ORIGIN
    assert "contoso-ledger" not in user_questions.bank_for(bob).by_id()
    assert "contoso-ledger" not in catalog.bank().by_id()  # nobody else's bank changed
    # Bob may use the same id for his own question; Ann may not use it twice.
    user_questions.add(bob, RECORD, new_topic_title="Payments ledger")
    with pytest.raises(DataFileError, match="duplicate id"):
        user_questions.add(ann, RECORD)


def test_a_question_that_does_not_fit_is_refused_and_nothing_is_stored(two) -> None:
    ann, _ = two
    shipped = next(iter(catalog.bank().by_id()))
    with pytest.raises(DataFileError, match="duplicate id"):
        user_questions.add(ann, {**RECORD, "id": shipped}, new_topic_title="Payments ledger")
    with pytest.raises(DataFileError, match="unknown topic"):
        user_questions.add(ann, {**RECORD, "topic": "contoso-only"})  # a new topic needs a title
    with pytest.raises(DataFileError) as refused:
        user_questions.add(ann, {**RECORD, "time_limit_min": "soon"}, "Payments ledger")
    assert any("time_limit_min" in p for p in refused.value.problems)
    assert user_questions.bank_for(ann) is catalog.bank()  # nothing was stored


def test_on_the_pages_a_question_added_by_one_person_is_theirs(database, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("SIM_SHARED_DEPLOYMENT", "1")
    ann = users.user_for_identity(database, "https://idp.test", "ann", "ann@x.test", "Ann")
    bob = users.user_for_identity(database, "https://idp.test", "bob", "bob@x.test", "Bob")
    at = _app(ann).run()
    add_question_through_the_form(at, "contoso-payments-ledger")
    assert not at.exception
    assert any("Added contoso-payments-ledger" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert "contoso-payments-ledger" not in catalog.bank().by_id()  # no shared file was written
    at.switch_page("sim/ui/app_pages/practice.py").run()
    mine = at.selectbox(key="question_choice")
    assert any("payments ledger" in o.lower() for o in mine.options), mine.options
    other = _app(bob).run()
    for page in ("bank", "practice"):
        other.switch_page(f"sim/ui/app_pages/{page}.py").run()
        assert not other.exception
        shown = _shown(other).lower()
        assert "contoso" not in shown and "payments ledger" not in shown, page


def test_the_cache_of_users_banks_is_bounded(engine, monkeypatch) -> None:
    """One bank per user with questions, for the recently active only: a deployment with many
    users does not keep every bank for the life of the process, and an evicted bank is rebuilt."""
    monkeypatch.setattr(user_questions, "MAX_CACHED_BANKS", 2)
    monkeypatch.setattr(user_questions, "_BANKS", type(user_questions._BANKS)())
    people = []
    for name in ("cy", "di", "ed"):
        account = users.user_for_identity(engine, "https://idp.test", name, f"{name}@x.test", name)
        people.append(for_user(engine, account.id))
        user_questions.add(people[-1], RECORD, new_topic_title="Payments ledger")
        user_questions.bank_for(people[-1])
    assert len(user_questions._BANKS) == 2
    assert "contoso-ledger" in user_questions.bank_for(people[0]).by_id()  # rebuilt
