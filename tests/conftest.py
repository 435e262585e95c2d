"""Fixtures: a real app on a real database (SQLite by default, PostgreSQL via TEST_DATABASE_URL)."""
import os

import pytest
from sqlalchemy import text

from backend import create_app
from backend.extensions import db
from tests.client import ApiClient


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def _schema_app(database_url, tmp_path_factory):
    app = create_app(make_config(database_url, tmp_path_factory.mktemp("photos")))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def make_config(database_url: str, photo_dir) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "PHOTO_DIR": str(photo_dir),
        "REDIS_URL": None,
    }


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@pytest.fixture
def app(_schema_app, tmp_path):
    _schema_app.config["PHOTO_DIR"] = str(tmp_path / "photos")
    with _schema_app.app_context():
        yield _schema_app
        db.session.rollback()
        _empty_tables()


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def another_app(app, database_url, tmp_path):
    """A second app on the same database, standing in for another gunicorn worker."""
    other = create_app(make_config(database_url, tmp_path))
    yield other
    with other.app_context():
        db.engine.dispose()
