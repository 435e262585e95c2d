"""Count the SQL statements the app sends, to show a list costs the same for 1 row or 100."""
from contextlib import contextmanager

from sqlalchemy import event

from backend.extensions import db


@contextmanager
def counting_statements():
    """Yield a list that collects every statement sent to the database inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
