"""Bounds on input that the databases and the calendar can hold.

Found by fuzzing: an id beyond PostgreSQL's integer (or SQLite's 64 bits) made the database
driver fail with a 500, and a time in the year 263 came back with Shanghai's local mean time
offset (+08:05:43), which is not a valid RFC 3339 time.
"""
from datetime import datetime, timezone

from marshmallow import validate
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL `integer`, the type of every id column
# An id in a request body: beyond the column it names no record, and says so per field.
RECORD_ID = validate.Range(1, MAX_ID, error="没有这个编号的记录")


class IdConverter(IntegerConverter):
    """`<int:...>` in URLs: a larger number is no record of ours (404), not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


PLAUSIBLE_TIME = validate.Range(
    min=datetime(2000, 1, 1, tzinfo=timezone.utc), max=datetime(2100, 1, 1, tzinfo=timezone.utc),
    error="时间应在 2000 年到 2100 年之间")
