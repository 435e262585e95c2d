"""The committed migrations build the schema the models describe, on an empty database."""
import json
import uuid
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backend import create_app
from backend.extensions import db
from tests.conftest import make_config


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"xunke_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_models(empty_database_url, tmp_path):
    app = create_app(make_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_problem_points_are_backfilled_from_stored_scores(empty_database_url, tmp_path):
    app = create_app(make_config(empty_database_url, tmp_path))
    score = {"sections": [{"items": [{"points": "1"}, {"points": "-2"}, {"points": "-5"},
                                     {"points": None}]}]}
    with app.app_context():
        upgrade(revision="8308c68a84d7")  # before observations kept their problem points
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO districts (id, name) VALUES (1, '县')"))
            conn.execute(text("INSERT INTO schools (id, district_id, code, name, timezone, settings) "
                              "VALUES (1, 1, 's', '校', 'Asia/Shanghai', '{}')"))
            conn.execute(text(
                "INSERT INTO staff (id, district_id, school_id, staff_no, name, gender, title, "
                "password_hash, must_change_password, active) VALUES "
                "(1, 1, 1, 'A', '甲', '', '', '', false, true), (2, 1, 1, 'B', '乙', '', '', '', false, true)"))
            for n, (problems, stored) in enumerate([(2, score), (0, {"sections": []})], start=1):
                conn.execute(text(
                    "INSERT INTO observations (id, uuid, school_id, kind, status, observer_id, teacher_id, "
                    "local_date, answers, score, praise_count, problem_count, incident_count, strengths, "
                    "suggestions, remarks, incident_rule, talk_held) VALUES (:id, :uuid, 1, 'patrol', "
                    "'submitted', 1, 2, '2026-09-01', '{}', :score, 1, :problems, 1, '', '', '', '', false)"),
                    {"id": n, "uuid": uuid.uuid4().hex, "score": json.dumps(stored), "problems": problems})
        upgrade(revision="e4a6e02e25d9")
        with db.engine.connect() as conn:
            points = conn.execute(text("SELECT id, problem_points FROM observations ORDER BY id")).all()
        db.engine.dispose()
    assert [(i, Decimal(str(p))) for i, p in points] == [(1, Decimal(7)), (2, Decimal(0))]
