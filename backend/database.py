"""Engine settings that differ between SQLite and PostgreSQL."""
from flask import Flask
from sqlalchemy import event

from backend.extensions import db

# Import every model module so metadata is complete for migrations and create_all.
from backend.org import models as _org_models  # noqa: F401
from backend.accounts import models as _account_models  # noqa: F401
from backend.rubrics import models as _rubric_models  # noqa: F401
from backend.observations import models as _observation_models  # noqa: F401
from backend.notices import models as _notice_models  # noqa: F401


def configure_engine(app: Flask) -> None:
    """Turn on WAL and foreign keys for SQLite connections."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Several gunicorn workers write to one file: wait for the lock instead of failing.
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
