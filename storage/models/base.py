"""What every table shares: the declarative base, its naming convention, and UTC datetimes with
their offsets kept apart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    MetaData,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored and returned as timezone-aware UTC on SQLite and PostgreSQL alike.

    SQLite has no time zone type and returns naive datetimes; without this the same query would
    give aware values on PostgreSQL and naive ones on SQLite, and comparisons would break.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: claimledger stores UTC-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def offset_minutes(moment: datetime | None) -> int | None:
    """The UTC offset of an aware datetime in minutes (None for None)."""
    if moment is None:
        return None
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def with_offset(moment: datetime | None, minutes: int | None) -> datetime | None:
    """A stored UTC time shown in the offset it was declared in (UTC when none was)."""
    if moment is None or minutes is None:
        return moment
    return moment.astimezone(timezone(timedelta(minutes=minutes)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }
