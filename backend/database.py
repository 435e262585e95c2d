"""Engine settings that differ between SQLite and PostgreSQL."""
import sqlite3
import time

from flask import Flask, has_request_context, request
from sqlalchemy import event

from backend.extensions import db

# Import every model module so metadata is complete for migrations and create_all.
from backend.org import models as _org_models  # noqa: F401
from backend.accounts import models as _account_models  # noqa: F401
from backend.rubrics import models as _rubric_models  # noqa: F401
from backend.observations import models as _observation_models  # noqa: F401
from backend.notices import models as _notice_models  # noqa: F401


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BUSY_TIMEOUT_MS = 5000  # how long a write waits for another worker's write to finish


def _begin_immediate(dbapi_connection) -> bool:
    """Try BEGIN IMMEDIATE every millisecond for BUSY_TIMEOUT_MS; tell whether it began.

    SQLite's own busy handler retries after sleeps that grow to 100 ms, so a write that finds
    the lock taken waited far longer than the writer before it needed (bench/api_write.py).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    return False  # BEGIN IMMEDIATE again reports it the usual way
            time.sleep(0.001)
        return False
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def configure_engine(app: Flask) -> None:
    """Turn on WAL and foreign keys for SQLite, and let SQLAlchemy own its transactions."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # pysqlite's own implicit BEGIN breaks SAVEPOINTs; emit BEGIN ourselves (below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Several gunicorn workers write to one file: wait for the lock instead of failing.
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A write request takes the write lock up front: a deferred transaction that reads
            # and then writes fails at once (SQLITE_BUSY) when another worker wrote meanwhile,
            # whereas BEGIN IMMEDIATE waits its turn under busy_timeout.
            writing = not has_request_context() or request.method in WRITE_METHODS
            if not writing:
                connection.exec_driver_sql("BEGIN")
            elif not _begin_immediate(connection.connection.dbapi_connection):
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits once more, then says why
