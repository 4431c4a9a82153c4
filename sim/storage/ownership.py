"""Every row of an owned table belongs to one user, and every statement run through an engine
scoped to a user (for_user) reads, changes and writes only that user's rows.

One mechanism, applied to whatever runs on the engine, so a new query cannot forget it:

* ORM statements run by a session (Session.exec, Session.get, ORM update/delete) get one
  `with_loader_criteria` on the owned models' common base, which SQLAlchemy applies to each
  owned model in the statement and in its subqueries;
* every other statement (History's and the planner's `engine.connect()` queries, and a model's
  columns selected on a bare connection) gets the same `user_id = :user` on each owned table in
  each SELECT's FROM (joins, aliases and subqueries included) and in each UPDATE and DELETE,
  before it runs;
* new owned rows get the user's id at flush; a scope marked read-only (a mentor reading a
  candidate's answers) refuses every write.

The user rides on the engine's execution options: `for_user` is a view of the same engine and
pool, so scoping costs no query. An engine with no user (the raw one the migration runner and
the planner statistics use) is not filtered and cannot write owned rows."""

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, and_, column, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import Delete, Insert, Select, Update, visitors
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import Alias, FromClause, Join, TableClause

from sim.storage.models import (
    Attempt,
    AttemptTrack,
    FollowUpAnswer,
    Grade,
    InterviewEvent,
    InterviewSession,
    LlmCall,
    OwnedByUser,
)
from sim.storage.plan_models import PlanEnrollment, ReviewCard, ReviewLog
from sim.storage.question_models import UserQuestion
from sim.storage.story_models import Story, StoryGrade, StoryRehearsal

OWNED_MODELS: tuple[type, ...] = (
    Attempt,
    Grade,
    AttemptTrack,
    InterviewSession,
    FollowUpAnswer,
    InterviewEvent,
    Story,
    StoryGrade,
    StoryRehearsal,
    PlanEnrollment,
    ReviewCard,
    ReviewLog,
    LlmCall,
    UserQuestion,
)
# SQLAlchemy reads the scoping criteria once from the common base, then applies them to each
# owned model's own user_id. Set here, after the models exist: on the base while they were
# declared, it would shadow their column.
OwnedByUser.user_id = column("user_id", Integer)  # type: ignore[attr-defined]
OWNED_TABLES = frozenset(m.__table__.name for m in OWNED_MODELS)  # type: ignore[attr-defined]
OWNED_WORDS = re.compile(r"\b(" + "|".join(sorted(OWNED_TABLES)) + r")\b", re.IGNORECASE)
USER_OPTION = "sim_user_id"
READ_ONLY_OPTION = "sim_read_only"


class OwnershipError(RuntimeError):
    """A write the scope does not allow: no user to own the row, or a read-only scope."""


def for_user(engine: Engine, user_id: int, *, read_only: bool = False) -> Engine:
    """The same engine and pool, seeing and writing only this user's rows."""
    return engine.execution_options(**{USER_OPTION: user_id, READ_ONLY_OPTION: read_only})


def unscoped(engine: Engine) -> Engine:
    """Every user's rows, read-write: for system work only (migrations, statistics, tests)."""
    return engine.execution_options(**{USER_OPTION: None, READ_ONLY_OPTION: False})


def user_of(engine: Engine) -> int | None:
    return engine.get_execution_options().get(USER_OPTION)


def _scope(options: Mapping[str, Any]) -> tuple[int | None, bool]:
    return options.get(USER_OPTION), bool(options.get(READ_ONLY_OPTION))


def _session_scope(session: Session) -> tuple[int | None, bool]:
    bind = session.bind
    return _scope(bind.get_execution_options()) if bind is not None else (None, False)


# --- ORM ------------------------------------------------------------------------------------


@event.listens_for(Session, "do_orm_execute")
def _scope_orm(state: ORMExecuteState) -> None:
    user_id, read_only = _session_scope(state.session)
    if user_id is None:
        return
    if read_only and (state.is_update or state.is_delete or state.is_insert):
        raise OwnershipError("this view is read-only: nothing of another user's is changed")
    # A Core statement run through a session is scoped as Core, when the connection runs it.
    if _is_orm(state.statement) and (state.is_select or state.is_update or state.is_delete):
        state.statement = state.statement.options(*_criteria(user_id))


@lru_cache(maxsize=4096)
def _criteria(user_id: int) -> tuple:
    # One option for every owned model (their common base), built once per user: an option
    # per model cost each query 0.9 ms of cache-key work (13 options); one costs ~0.1 ms.
    return (
        with_loader_criteria(OwnedByUser, lambda cls: cls.user_id == user_id, include_aliases=True),
    )


@event.listens_for(Session, "before_flush")
def _own_new_rows(session: Session, _context: object, _instances: object) -> None:
    user_id, read_only = _session_scope(session)
    changed = [*session.new, *session.dirty, *session.deleted]
    owned = [row for row in changed if type(row) in OWNED_MODELS]
    if not owned:
        return
    if read_only:
        raise OwnershipError("this view is read-only: nothing of another user's is changed")
    for row in session.new:
        if type(row) not in OWNED_MODELS:
            continue
        if user_id is None and row.user_id is None:
            raise OwnershipError(f"a new {type(row).__name__} needs an owner: use for_user(engine)")
        if user_id is not None and row.user_id not in (None, user_id):
            raise OwnershipError(f"a {type(row).__name__} written for another user")
        if user_id is not None:
            row.user_id = user_id


# --- Core -----------------------------------------------------------------------------------


def _owned(from_: FromClause) -> list[FromClause]:
    """The owned table (or alias of one) a FROM element starts with: a join's leftmost table.
    The tables a join adds are scoped in its ON clause (so an outer join stays outer), and a
    subquery is a SELECT of its own, scoped as one."""
    if isinstance(from_, Join):
        return _owned(from_.left)
    if isinstance(from_, Alias) and isinstance(from_.element, TableClause):
        return [from_] if from_.element.name in OWNED_TABLES else []
    if isinstance(from_, TableClause) and from_.name in OWNED_TABLES:
        return [from_]
    return []


def _scoped_core(statement: Any, user_id: int) -> Any:  # noqa: ANN401 - any Core statement
    def select(element: Select) -> None:
        for from_ in element.get_final_froms():
            for table in _owned(from_):
                element._where_criteria += (table.c.user_id == user_id,)

    def join(element: Join) -> None:
        for table in _owned(element.right):
            element.onclause = and_(element.onclause, table.c.user_id == user_id)

    def change(element: Update | Delete) -> None:
        if element.table.name in OWNED_TABLES:  # type: ignore[attr-defined]
            element._where_criteria += (element.table.c.user_id == user_id,)  # type: ignore[attr-defined]

    visit = {"select": select, "join": join, "update": change, "delete": change}
    return visitors.cloned_traverse(statement, {}, visit)


def _check_owner(table: str, rows: Any, user_id: int) -> None:  # noqa: ANN401 - DB-API rows
    """An insert (the ORM's flush, or Core with rows) must name this user as each row's owner."""
    if not rows or any(not isinstance(r, Mapping) or r.get("user_id") != user_id for r in rows):
        raise OwnershipError(f"rows of {table} written without this user as their owner")


def _is_orm(statement: object) -> bool:
    attrs = getattr(statement, "_propagate_attrs", {}) or {}
    return attrs.get("compile_state_plugin") == "orm"


def _carries_criteria(statement: object, user_id: int) -> bool:
    """Whether a session already attached this user's criteria. An ORM-style statement run on a
    bare connection has none, so it is scoped as Core like any other."""
    options = getattr(statement, "_with_options", ()) or ()
    return _criteria(user_id)[0] in options


@event.listens_for(Engine, "before_execute", retval=True)
def _scope_core(
    conn: Connection,
    statement: Any,  # noqa: ANN401 - any executable
    multiparams: Any,  # noqa: ANN401
    params: Any,  # noqa: ANN401
    execution_options: Mapping[str, Any],
) -> tuple[Any, Any, Any]:
    user_id, read_only = _scope({**conn.get_execution_options(), **execution_options})
    if user_id is None or _carries_criteria(statement, user_id):  # a session scoped it (above)
        return statement, multiparams, params
    if isinstance(statement, Insert | Update | Delete):
        table = statement.table.name  # type: ignore[attr-defined]
        if table in OWNED_TABLES and read_only:
            raise OwnershipError("this view is read-only: nothing of another user's is changed")
        if isinstance(statement, Insert) and table in OWNED_TABLES:
            _check_owner(table, multiparams or ([params] if params else []), user_id)
            return statement, multiparams, params
    if isinstance(statement, TextClause):
        # Raw SQL cannot be scoped: refused on owned tables (system code runs it unscoped).
        if OWNED_WORDS.search(statement.text):
            raise OwnershipError("raw SQL on a user's tables: write it as a Core or ORM query")
        return statement, multiparams, params
    return _scoped_core(statement, user_id), multiparams, params
