"""Schema migrations, applied in order on start-up. Each step is idempotent and recorded.

A short ordered list of functions is all this schema needs today; a new table or column gets a
new step here rather than an edit to an old one."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from sim.storage import models

Migration = Callable[[Engine], None]


def _v1_initial(engine: Engine) -> None:
    SQLModel.metadata.create_all(
        engine,
        tables=[
            models.Attempt.__table__,
            models.Grade.__table__,
        ],
    )


MIGRATIONS: list[Migration] = [_v1_initial]
LATEST = len(MIGRATIONS)


def current_version(engine: Engine) -> int:
    models.SchemaVersion.__table__.create(engine, checkfirst=True)
    with Session(engine) as session:
        row = session.exec(select(models.SchemaVersion)).first()
        return row.version if row else 0


def migrate(engine: Engine) -> int:
    version = current_version(engine)
    for step in MIGRATIONS[version:]:
        step(engine)
        version += 1
        with Session(engine) as session:
            row = session.get(models.SchemaVersion, 1) or models.SchemaVersion(id=1, version=0)
            row.version = version
            session.add(row)
            session.commit()
    return version
