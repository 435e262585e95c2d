"""Load: a realistic mix against gunicorn (several workers) on SQLite and on PostgreSQL.

    DURATION=300 USERS=8 WORKERS=4 .venv/bin/python bench/load.py [sqlite|postgresql ...]

Each virtual user is a leader who patrols and sits in on lessons (with a photo), a teacher
who reads their feedback, and now and then the office rebuilding the week's notice drafts;
leaders also ask which lessons are on now. GET /api/v1/health, a
database round trip, is the floor the other p99s are compared with.
"""
import io
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import ROOT, Gunicorn, Postgres, prepare_database  # noqa: E402
from targets import report, target  # noqa: E402

sys.path.insert(0, str(ROOT))
from backend.demo.loader import PASSWORD  # noqa: E402

# The mix and the answers are drawn at random, seeded so that runs are comparable.
RNG = random.Random(8)  # nosec B311  # chooses requests, guards nothing
MONDAY = date(2026, 11, 23)  # week 13 of the demo school's autumn term
MIX = {"patrol submit": 30, "drop-in submit": 8, "photo upload": 8, "teacher feedback": 30,
       "lessons now": 14, "notice build": 1, "health": 10}
WEEK = 13
# p99 of each request type at most this many times the health p99 of the same run. The users
# send without pause, so every p99 includes queueing behind the others; a type far above the
# floor is slow on its own account. A photo is decoded, resized and encoded twice.
# Bounds hold at the default USERS=8; with fewer users the floor drops and a photo's fixed CPU
# cost (~0.5 s per photo) stands out more: 26x with 2 users for 5 s.
# Building the week's notices reads every record of the week, which the users keep adding to
# (a few thousand records by the end of a run: several times a real school's week).
P99_BOUNDS = {"patrol submit": 10, "drop-in submit": 10, "photo upload": 40, "teacher feedback": 10,
              "lessons now": 6, "notice build": 20}


def sign_in(base: str, login: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/api/v1/auth/login", json={"login": login, "password": PASSWORD},
                            timeout=30)
    response.raise_for_status()
    session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    session.me = response.json()
    return session


def photo_bytes() -> bytes:
    """A phone-sized JPEG (2400x1800) with some texture so that encoding has work to do."""
    image = Image.effect_noise((2400, 1800), 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class School:
    """What the virtual users need to know about the demo school."""

    def __init__(self, base: str):
        office = sign_in(base, "admin")
        get = lambda path: office.get(f"{base}{path}", timeout=30).json()  # noqa: E731
        self.staff = get("/api/v1/staff")
        self.slots = get("/api/v1/timetable")
        self.periods = {p["number"]: p["starts_at"] for p in get("/api/v1/periods")}
        self.forms = {}
        for rubric in get("/api/v1/rubrics"):
            for kind in rubric["latest"]["kinds"]:
                version = get(f"/api/v1/rubrics/{rubric['id']}/versions/{rubric['latest']['number']}")
                if kind not in self.forms or len(version["definition"]["sections"]) > 1:
                    self.forms[kind] = version
        self.term_id = max((t for t in get("/api/v1/terms") if t["first_monday"] <= MONDAY.isoformat()),
                           key=lambda t: t["first_monday"])["id"]
        self.leaders = [s["staff_no"] for s in self.staff if "leader" in s["roles"]]
        self.teachers = sorted({s["teacher"]["staff_no"] for s in self.slots})

    def observed_at(self, slot) -> str:
        day = MONDAY + timedelta(days=slot["weekday"] - 1)
        hour, minute = map(int, self.periods[slot["period_number"]].split(":"))
        start = datetime(day.year, day.month, day.day, hour, minute)
        return (start + timedelta(minutes=10)).isoformat() + "+08:00"

    def answers(self, kind: str) -> dict:
        answers = {}
        for section in self.forms[kind]["definition"]["sections"]:
            for item in section["items"]:
                if item["type"] == "score":
                    answers[item["key"]] = RNG.randint(int(item["max"]) // 2, int(item["max"]))
                elif item["type"] == "check":
                    answers[item["key"]] = RNG.random() < 0.2
                elif item["type"] == "level":
                    answers[item["key"]] = RNG.choice(item["levels"])["key"]
        return answers


class VirtualUser(threading.Thread):
    def __init__(self, base, school: School, leader: str, teacher: str, photo: bytes):
        super().__init__(daemon=True)
        self.base, self.school, self.photo, self.deadline = base, school, photo, 0.0
        self.leader, self.teacher = sign_in(base, leader), sign_in(base, teacher)
        self.office = sign_in(base, "admin")
        self.slots = [s for s in school.slots if s["teacher"]["id"] != self.leader.me["id"]]
        self.results = []  # (kind, seconds, error or None)
        self.last_drop_in = None

    def request(self, kind, session, method, path, ok=(200, 201), **kwargs):
        started = time.perf_counter()
        try:
            response = session.request(method, f"{self.base}{path}", timeout=60, **kwargs)
            error = None if response.status_code in ok else f"{response.status_code} {response.text[:200]}"
        except requests.RequestException as exc:
            response, error = None, repr(exc)
        self.results.append((kind, time.perf_counter() - started, error))
        return response

    def step(self, kind):
        slot = RNG.choice(self.slots)
        if kind == "patrol submit":
            self.request(kind, self.leader, "POST", "/api/v1/observations", json={
                "uuid": str(uuid.uuid4()), "kind": "patrol", "class_group_id": slot["class_group"]["id"],
                "observed_at": self.school.observed_at(slot),
                "rubric_version_id": self.school.forms["patrol"]["id"], "answers": self.school.answers("patrol")})
        elif kind == "drop-in submit":
            response = self.request(kind, self.leader, "POST", "/api/v1/observations", json={
                "uuid": str(uuid.uuid4()), "kind": "drop_in", "timetable_slot_id": slot["id"],
                "observed_at": self.school.observed_at(slot),
                "rubric_version_id": self.school.forms["drop_in"]["id"],
                "answers": self.school.answers("drop_in"), "strengths": "导入自然，板书清晰",
                "suggestions": "多给学生思考时间"})
            if response is not None and response.status_code == 201:
                self.last_drop_in = response.json()["id"]
        elif kind == "photo upload" and self.last_drop_in:
            self.request(kind, self.leader, "POST", f"/api/v1/observations/{self.last_drop_in}/photos",
                         files={"file": ("p.jpg", self.photo, "image/jpeg")},
                         data={"uuid": str(uuid.uuid4())})
        elif kind == "teacher feedback":
            self.request(kind, self.teacher, "GET", "/api/v1/observations",
                         params={"teacher_id": self.teacher.me["id"]})
        elif kind == "lessons now":
            self.request(kind, self.leader, "GET", "/api/v1/lessons/now",
                         params={"at": self.school.observed_at(slot)})
        elif kind == "notice build":
            self.request(kind, self.office, "POST", "/api/v1/notices/build",
                         json={"term_id": self.school.term_id, "week": WEEK})
        elif kind == "health":
            self.request(kind, self.leader, "GET", "/api/v1/health")

    def run(self):
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < self.deadline:
            self.step(RNG.choices(kinds, weights)[0])


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def run_engine(engine: str, duration: float, users: int, workers: int) -> list[str]:
    instance = Path(tempfile.mkdtemp(prefix="xunke-load-"))
    postgres = Postgres() if engine == "postgresql" else None
    url = postgres.url if postgres else f"sqlite:///{instance / 'xunke.sqlite3'}"
    server = Gunicorn(prepare_database(url, instance), workers)
    try:
        server.start()
        school = School(server.url)
        rss_start = server.worker_rss_mb()
        photo = photo_bytes()
        crowd = [VirtualUser(server.url, school, school.leaders[i % len(school.leaders)],
                             school.teachers[i % len(school.teachers)], photo)
                 for i in range(users)]
        started = time.monotonic()
        for user in crowd:  # signed in already: sign-in (scrypt) is not part of the mix
            user.deadline = started + duration
            user.start()
        for user in crowd:
            user.join()
        elapsed = time.monotonic() - started
        rss_end = server.worker_rss_mb()
        server_errors = server.server_errors()
    finally:
        server.stop()
        if postgres:
            postgres.stop()
    by_kind = defaultdict(list)
    errors = defaultdict(list)
    for user in crowd:
        for kind, seconds, error in user.results:
            by_kind[kind].append(seconds)
            if error:
                errors[kind].append(error)
    total = sum(len(v) for v in by_kind.values())
    print(f"\n== {engine}: {users} users, {workers} gunicorn workers, {elapsed:.0f} s")
    print(f"{'request':18} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for kind in MIX:
        times = by_kind[kind]
        print(f"{kind:18} {len(times):7d} {len(times) / elapsed:7.1f} {percentile(times, 50) * 1000:8.1f} "
              f"{percentile(times, 99) * 1000:8.1f} {len(errors[kind]):6d}")
    print(f"{'all':18} {total:7d} {total / elapsed:7.1f}")
    print(f"worker RSS: {rss_start:.0f} MB at start, {rss_end:.0f} MB at end ({workers} workers)")
    for kind, messages in list(errors.items()):
        if messages:
                print(f"  {kind} error e.g.: {messages[0]}")
    for line in sorted(set(server_errors)):
        print(f"  server logged: {line}")
    floor = percentile(by_kind["health"], 99)
    targets = [target(f"{engine} errors", sum(map(len, errors.values())), "==", 0)]
    for kind, bound in P99_BOUNDS.items():
        ratio = percentile(by_kind[kind], 99) / floor
        targets.append(target(f"{engine} {kind} p99 / health p99", ratio, "<=", bound, digits=1))
    return targets


def main() -> int:
    engines = sys.argv[1:] or ["sqlite", "postgresql"]
    duration = float(os.environ.get("DURATION", "300"))
    users, workers = int(os.environ.get("USERS", "8")), int(os.environ.get("WORKERS", "4"))
    return report([line for engine in engines for line in run_engine(engine, duration, users, workers)])


if __name__ == "__main__":
    sys.exit(main())
