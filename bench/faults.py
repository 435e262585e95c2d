"""Faults: kill gunicorn mid-stream, restart PostgreSQL underneath; nothing lost, nothing twice.

    .venv/bin/python bench/faults.py [sqlite|postgresql ...]

A stream of patrol records goes out from several phones at once. Mid-stream the server is
killed with SIGKILL (master and workers) and started again, or PostgreSQL is restarted under
a running gunicorn. The phones then resend what was not acknowledged, and replay some of what
was, as an outbox does after a lost answer. Then the database must hold every acknowledged
record once, under the id it was acknowledged with, every sent record, and no duplicates.
"""
import sys
from collections import Counter
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import School, sign_in  # noqa: E402
from servers import Gunicorn, Postgres, prepare_database  # noqa: E402
from targets import report, target  # noqa: E402

RECORDS = 400
PHONES = 4


class Phone(threading.Thread):
    """Sends its records one by one; remembers which were acknowledged (and as which id)."""

    def __init__(self, base, school: School, login: str, records: list[dict]):
        super().__init__(daemon=True)
        self.base, self.session, self.records = base, sign_in(base, login), records
        self.acked, self.unacked, self.stored_unawares = {}, [], 0
        self.failures = Counter()  # what a failed send met: no connection, or which 5xx

    def send(self, record) -> bool:
        try:
            response = self.session.post(f"{self.base}/api/v1/observations", json=record, timeout=10)
        except requests.RequestException:
            self.failures["no connection"] += 1
            return False
        if response.status_code in (200, 201):
            if response.status_code == 200 and record["uuid"] not in self.acked:
                self.stored_unawares += 1  # saved before the fault, but the answer was lost
            self.acked[record["uuid"]] = response.json()["id"]
            return True
        if response.status_code < 500:
            raise AssertionError(f"refused: {response.status_code} {response.text[:300]}")
        self.failures[str(response.status_code)] += 1  # 5xx: the outbox keeps it, retries later
        return False

    def run(self):
        for record in self.records:
            if not self.send(record):
                self.unacked.append(record)
                time.sleep(0.05)  # the outbox backs off; later records queue behind

    def resend(self, deadline: float) -> None:
        """Resend what was not acknowledged, until it is (as the outbox does when back online)."""
        while self.unacked and time.monotonic() < deadline:
            if self.send(self.unacked[0]):
                self.unacked.pop(0)
            else:
                time.sleep(0.2)


def records_for(school: School, leader_id: int, count: int) -> list[dict]:
    slots = [s for s in school.slots if s["teacher"]["id"] != leader_id]
    return [{"uuid": str(uuid.uuid4()), "kind": "patrol",
             "class_group_id": slots[i % len(slots)]["class_group"]["id"],
             "observed_at": school.observed_at(slots[i % len(slots)]),
             "rubric_version_id": school.forms["patrol"]["id"], "answers": school.answers("patrol")}
            for i in range(count)]


def check_database(url: str, phones: list[Phone]) -> dict:
    """Count what the database holds against what the phones sent and were told."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT uuid, id FROM observations")).all()
    engine.dispose()
    stored = {}
    for row_uuid, row_id in rows:
        stored.setdefault(str(uuid.UUID(str(row_uuid))), []).append(row_id)
    sent = {r["uuid"] for p in phones for r in p.records}
    acked = {u: i for p in phones for u, i in p.acked.items()}
    return {"sent": len(sent), "stored": len(rows),
            "missing": len(sent - set(stored)),
            "twice": sum(1 for ids in stored.values() if len(ids) > 1),
            "acked under another id": sum(1 for u, i in acked.items() if stored.get(u) != [i]),
            "unknown rows": len(set(stored) - sent)}


def scenario(engine: str, fault: str) -> list[str]:
    instance = Path(tempfile.mkdtemp(prefix="xunke-faults-"))
    postgres = Postgres() if engine == "postgresql" else None
    url = postgres.url if postgres else f"sqlite:///{instance / 'xunke.sqlite3'}"
    server = Gunicorn(prepare_database(url, instance), workers=2)
    try:
        server.start()
        school = School(server.url)
        leaders = school.leaders[:PHONES]
        phones = []
        for i, login in enumerate(leaders):
            session = sign_in(server.url, login)
            phones.append(Phone(server.url, school, login,
                                records_for(school, session.me["id"], RECORDS // len(leaders))))
        for phone in phones:
            phone.start()
        while sum(len(p.acked) for p in phones) < RECORDS // 4:
            time.sleep(0.01)
        acked_before = sum(len(p.acked) for p in phones)
        outage = time.monotonic()
        if fault == "gunicorn SIGKILL":
            server.kill()
            time.sleep(1)  # the phones keep sending into the void meanwhile
            server.start()
        else:
            postgres.restart()
        recovered = time.monotonic() - outage
        for phone in phones:
            phone.join()
        unacked = sum(len(p.unacked) for p in phones)
        deadline = time.monotonic() + 120
        for phone in phones:
            phone.resend(deadline)
        replayed = [phone.send(record) for phone in phones for record in phone.records[:10]]
        counts = check_database(url, phones)
    finally:
        server.stop()
        if postgres:
            postgres.stop()
    failures = sum((p.failures for p in phones), Counter())
    unawares = sum(p.stored_unawares for p in phones)
    print(f"\n== {engine}, {fault}: {counts['sent']} records from {len(phones)} phones")
    print(f"acknowledged before the fault: {acked_before}; failed sends during the outage: {dict(failures)}; "
          f"left unacknowledged: {unacked}, resent; outage {recovered:.1f} s")
    print(f"resent records the server had saved but whose answer was lost: {unawares}")
    print(f"replayed {len(replayed)} acknowledged records: {sum(replayed)} answered with the stored record")
    print("database: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    name = f"{engine} {fault}"
    return [target(f"{name} missing records", counts["missing"], "==", 0),
            target(f"{name} records stored twice", counts["twice"], "==", 0),
            target(f"{name} acknowledged under another id", counts["acked under another id"], "==", 0),
            target(f"{name} replays answered", sum(replayed), "==", len(replayed))]


def main() -> int:
    engines = sys.argv[1:] or ["sqlite", "postgresql"]
    runs = [(e, "gunicorn SIGKILL") for e in engines]
    if "postgresql" in engines:
        runs.append(("postgresql", "PostgreSQL restart"))
    return report([line for engine, fault in runs for line in scenario(engine, fault)])


if __name__ == "__main__":
    sys.exit(main())
