"""Insert statements every table family shares: ON CONFLICT DO NOTHING on either database, and
IN lists in chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from storage.models import (
    Base,
)


def insert_into(model: type[Base]) -> Insert:
    """A plain INSERT into the model's table, for many rows given as dicts of column values.

    Core rather than ORM bulk inserts: the ORM path processes every row in Python on its way
    to the driver, which cost more than the database's own work for the claims and LSH bands
    of a group of pages. Column defaults apply the same either way.
    """
    return insert(_table(model))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_or_nothing(session: Session, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect: the row that exists wins.

    Core, like `insert_into`."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(_table(model)).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(_table(model)).on_conflict_do_nothing()
    raise NotImplementedError(f"claimledger supports SQLite and PostgreSQL, not {dialect}")


def insert_ignoring_conflicts(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows, skipping those whose unique key is already taken."""
    if rows:
        session.execute(insert_or_nothing(session, model), list(rows))


# Values per IN list: far below every database's limit on bound parameters.
_IN_LIST_SIZE = 1000


def in_lists(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _IN_LIST_SIZE):
        yield ordered[start : start + _IN_LIST_SIZE]
