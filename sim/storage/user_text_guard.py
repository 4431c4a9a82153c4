"""Every ORM write of text goes through the domain's clean_text, whatever wrote it: a NUL or a
lone surrogate would fail the save (PostgreSQL, or either driver's encoder) and lose the text.
Answers are also cut to MAX_ANSWER_CHARS here, as a last line; the service says so to the user."""

from sqlalchemy import event, inspect
from sqlmodel import Session

from sim.domain.user_text import clean_text, fit_answer
from sim.storage.models import Attempt, FollowUpAnswer

_ANSWER_FIELDS = {(Attempt, "answer"), (Attempt, "diagram"), (FollowUpAnswer, "answer")}


@event.listens_for(Session, "before_flush")
def _clean_user_text(session: Session, _context: object, _instances: object) -> None:
    for row in (*session.new, *session.dirty):
        for attr in inspect(row).mapper.column_attrs:
            value = getattr(row, attr.key, None)
            if not isinstance(value, str):
                continue
            cleaned = (
                fit_answer(value).text
                if (type(row), attr.key) in _ANSWER_FIELDS
                else clean_text(value)
            )
            if cleaned != value:
                setattr(row, attr.key, cleaned)
