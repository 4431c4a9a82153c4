"""Writing a single new row, the one shape every repository module repeats."""

from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

Row = TypeVar("Row", bound=SQLModel)


def insert(engine: Engine, row: Row) -> Row:
    """Add one row and return it loaded, with its generated id, usable after the session ends."""
    with Session(engine, expire_on_commit=False) as session:
        session.add(row)
        session.commit()
        session.refresh(row)
    return row
