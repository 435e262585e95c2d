"""SQLite: a write waits its turn behind another worker's write, and gives up after the timeout."""
import sqlite3
import threading
import time

import pytest

from backend import database


def connect(path):
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout={database.BUSY_TIMEOUT_MS}")
    return conn


@pytest.fixture
def two_workers(tmp_path):
    path = tmp_path / "db.sqlite3"
    first, second = connect(path), connect(path)
    first.execute("CREATE TABLE t (n INTEGER)")
    yield first, second
    first.close()
    second.close()


def test_a_write_begins_as_soon_as_the_other_commits(two_workers):
    first, second = two_workers
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO t VALUES (1)")
    committed = []

    def finish():
        time.sleep(0.2)
        committed.append(time.monotonic())
        first.execute("COMMIT")

    other = threading.Thread(target=finish)
    other.start()
    assert database._begin_immediate(second)
    began = time.monotonic()
    other.join()  # its connection is closed after the test: not while COMMIT still returns
    assert committed and began >= committed[0]  # it waited for the commit
    assert second.execute("SELECT n FROM t").fetchall() == [(1,)]  # and sees what was written
    second.execute("COMMIT")
    # The usual timeout is back for everything else the connection does.
    assert second.execute("PRAGMA busy_timeout").fetchone() == (database.BUSY_TIMEOUT_MS,)


def test_a_write_gives_up_after_the_timeout(two_workers, monkeypatch):
    first, second = two_workers
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    first.execute("BEGIN IMMEDIATE")
    assert not database._begin_immediate(second)
    assert not second.in_transaction
    assert second.execute("PRAGMA busy_timeout").fetchone() == (50,)
    first.execute("ROLLBACK")
