"""People using one deployment: the local user of the single-user app and CLI, and each person
signed in through OpenID Connect (found by issuer and subject, created on first sign-in)."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from sim.storage.models import LOCAL_ISSUER, LOCAL_SUBJECT, UserAccountRow

__all__ = ["LOCAL_ISSUER", "LOCAL_SUBJECT", "UserAccount", "local_user", "user_for_identity"]


@dataclass(frozen=True)
class UserAccount:
    id: int
    issuer: str
    subject: str
    email: str
    display_name: str


def _record(row: UserAccountRow) -> UserAccount:
    return UserAccount(row.id, row.issuer, row.subject, row.email, row.display_name)


def _find(session: Session, issuer: str, subject: str) -> UserAccountRow | None:
    query = select(UserAccountRow).where(
        UserAccountRow.issuer == issuer, UserAccountRow.subject == subject
    )
    return session.exec(query).first()


def local_user(engine: Engine) -> UserAccount:
    """The local user (schema step v10 creates it; created here too if it was removed)."""
    return user_for_identity(engine, LOCAL_ISSUER, LOCAL_SUBJECT, "", "")


def user_for_identity(
    engine: Engine, issuer: str, subject: str, email: str | None, display_name: str | None
) -> UserAccount:
    """The account of this identity: created at its first sign-in, its email and name updated
    when the provider reports new ones. Two first sign-ins at once make one account: the
    (issuer, subject) key is unique, and the loser of the insert reads the winner's row."""
    email, display_name = (email or "").strip(), (display_name or "").strip()
    with Session(engine, expire_on_commit=False) as session:
        row = _find(session, issuer, subject)
        if row is None:
            row = UserAccountRow(
                issuer=issuer, subject=subject, email=email, display_name=display_name
            )
            session.add(row)
            try:
                session.commit()
                return _record(row)
            except IntegrityError:
                session.rollback()
                row = _find(session, issuer, subject)
                if row is None:
                    raise
        if (email and row.email != email) or (display_name and row.display_name != display_name):
            row.email = email or row.email
            row.display_name = display_name or row.display_name
            session.add(row)
            session.commit()
        return _record(row)


def user_by_id(engine: Engine, user_id: int) -> UserAccount | None:
    with Session(engine) as session:
        row = session.get(UserAccountRow, user_id)
        return _record(row) if row else None


def users_by_email(engine: Engine, email: str) -> list[UserAccount]:
    """Accounts signed in with this email (a mentor is granted access by email)."""
    wanted = email.strip().lower()
    if not wanted:
        return []
    with Session(engine) as session:
        query = select(UserAccountRow).where(func.lower(UserAccountRow.email) == wanted)
        return [_record(r) for r in session.exec(query.order_by(UserAccountRow.id)).all()]
