"""The floor of bench/api_write.py: a bare Flask endpoint that parses a patrol record and inserts it.

    FLOOR_DATABASE_URL=sqlite:///path|postgresql://... gunicorn "bench.floor_app:app"

No sign-in, no checks, no scoring: it parses the same JSON body the app gets and inserts one row
with the database driver, so the app's submit can be compared with what gunicorn, Flask and the
database cost on their own. Each worker keeps one connection, as the app's pool does for a sync
worker; SQLite gets the app's pragmas and BEGIN IMMEDIATE (backend/database.py).
"""
import json
import os
import sqlite3
import threading

import psycopg
from flask import Flask, request

URL = os.environ.get("FLOOR_DATABASE_URL", "")
SQLITE = "sqlite:///"
INSERT = ("INSERT INTO floor_observations (uuid, kind, class_group_id, observed_at, "
          "rubric_version_id, answers) VALUES ")

app = Flask(__name__)
_local = threading.local()


def create_table(url: str) -> None:
    """The floor's one table, with a unique uuid as the app's observations have."""
    key = "INTEGER PRIMARY KEY" if url.startswith(SQLITE) else "SERIAL PRIMARY KEY"
    ddl = (f"CREATE TABLE floor_observations (id {key}, uuid VARCHAR(36) NOT NULL UNIQUE, "
           "kind VARCHAR(20), class_group_id INTEGER, observed_at VARCHAR(40), "
           "rubric_version_id INTEGER, answers TEXT)")
    if url.startswith(SQLITE):
        with sqlite3.connect(url[len(SQLITE):]) as conn:
            conn.execute(ddl)
    else:
        with psycopg.connect(url) as conn:
            conn.execute(ddl)


def connection():
    conn = getattr(_local, "conn", None)
    if conn is None:
        if URL.startswith(SQLITE):
            conn = sqlite3.connect(URL[len(SQLITE):], isolation_level=None)
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=5000",
                           "synchronous=NORMAL"):
                conn.execute(f"PRAGMA {pragma}")
        else:
            conn = psycopg.connect(URL)
        _local.conn = conn
    return conn


@app.post("/api/v1/observations")
def create():
    data = request.get_json()
    row = (data["uuid"], data["kind"], data["class_group_id"], data["observed_at"],
           data["rubric_version_id"], json.dumps(data["answers"]))
    conn = connection()
    if URL.startswith(SQLITE):
        conn.execute("BEGIN IMMEDIATE")
        new_id = conn.execute(INSERT + "(?, ?, ?, ?, ?, ?)", row).lastrowid
        conn.execute("COMMIT")
    else:
        new_id = conn.execute(INSERT + "(%s, %s, %s, %s, %s, %s) RETURNING id",
                              row).fetchone()[0]
        conn.commit()
    return {"id": new_id, "uuid": data["uuid"]}, 201


@app.get("/api/v1/health")
def health():
    return {"status": "ok"}
