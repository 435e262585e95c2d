"""API write: patrol submits against gunicorn on SQLite and on PostgreSQL, against a bare floor.

    .venv/bin/python bench/api_write.py [--duration 20] [--clients 32] [--rate 100] [--workers 2]
                                        [--engine sqlite|postgresql|both]

For each engine: a fresh database with the demo school (bench/servers.py), served by gunicorn
(sync workers; as many as Procfile starts by default, one per core of this 2-core machine:
more workers than cores cost each submit about twice the CPU in context switches). Then
- floor: the same gunicorn command serving bench/floor_app.py (parse the JSON, insert one row
  with the driver) on a database of the same engine, `--clients` clients sending without pause;
- app, closed loop: `--clients` leaders' phones (threads) POST /api/v1/observations without
  pause, each request a new patrol record (its own uuid; class, time and answers varied);
- app, open loop: one submit every 1/`--rate` s on a fixed schedule, whatever the answers'
  pace; latency counts from the scheduled send time, so a stalled server is not hidden
  (no coordinated omission);
- ceiling (reported, no target): the same clients asking GET /api/v1/me, the app's cheapest
  signed-in request (the session and its roles, one statement). A submit is that request plus
  its checks and writes, so its throughput cannot pass this line.
Afterwards every sent record must be in the database exactly once. The client is stdlib
http.client (gunicorn's sync workers close each connection); its own CPU use is reported, so
that a floor limited by the client would show.
PostgreSQL: a throwaway database on the server at --postgresql (created, then dropped).
"""
import argparse
import http.client
import itertools
import json
import os
import queue
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor_app import create_table  # noqa: E402
from load import School, percentile, sign_in  # noqa: E402
from servers import Gunicorn, prepare_database  # noqa: E402
from targets import report, target  # noqa: E402

RNG = random.Random(5)  # nosec B311  # varies the records, guards nothing
THROUGHPUT_RATIO = 0.5
OPEN_LOOP_P99_MS = 50
WARM_UP = 1.5  # seconds of load before each measured phase: workers import lazily
DRAIN = 5  # seconds the open loop waits for a backlog after its schedule ends (keeps runs bounded)


class Records:
    """Patrol record bodies: many (leader, lesson, answers) variants, each sent with a new uuid."""

    def __init__(self, school: School, sessions: list):
        self.variants = []
        for session in sessions:
            headers = {"Content-Type": "application/json", "X-CSRF-Token": session.headers["X-CSRF-Token"],
                       "Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}
            slots = [s for s in school.slots if s["teacher"]["id"] != session.me["id"]]
            for slot in RNG.sample(slots, min(100, len(slots))):
                body = json.dumps({"uuid": "@", "kind": "patrol",
                                   "class_group_id": slot["class_group"]["id"],
                                   "observed_at": school.observed_at(slot),
                                   "rubric_version_id": school.forms["patrol"]["id"],
                                   "answers": school.answers("patrol")}, ensure_ascii=False)
                self.variants.append((headers, body.encode().split(b"@")))
        self.sent = []  # uuids, in the order handed out
        self.lock = threading.Lock()

    def next(self) -> tuple[str, str, dict, bytes | None]:
        record_uuid = str(uuid.uuid4())
        with self.lock:
            self.sent.append(record_uuid)
            headers, (head, tail) = self.variants[len(self.sent) % len(self.variants)]
        return "POST", "/api/v1/observations", headers, head + record_uuid.encode() + tail


class SignedInReads:
    """GET /api/v1/me as the same leaders: the least a signed-in request of the app costs."""

    def __init__(self, records: Records):
        self.headers = [headers for headers, _ in records.variants]
        self.count = itertools.count()

    def next(self) -> tuple[str, str, dict, bytes | None]:
        return "GET", "/api/v1/me", self.headers[next(self.count) % len(self.headers)], None


def send(port: int, requests) -> str | None:
    """Send the next of `requests` (Records or SignedInReads); None on a 2xx, else what went wrong."""
    method, path, headers, body = requests.next()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        answer = response.read()
        return None if 200 <= response.status < 300 else f"{response.status} {answer[:200]!r}"
    except (OSError, http.client.HTTPException) as exc:
        return repr(exc)
    finally:
        conn.close()


class Phase:
    """What one measured phase saw: latencies, errors, and the CPU each side used."""

    def __init__(self, server: Gunicorn):
        self.server, self.latencies, self.errors = server, [], []
        self.lock = threading.Lock()

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)

    def __enter__(self):
        self.started = time.monotonic()
        self.client_cpu = _own_cpu()
        self.server_cpu = self.server.worker_cpu_seconds()
        self.machine = _machine_busy()
        return self

    def __exit__(self, *exc):
        self.elapsed = time.monotonic() - self.started
        self.client_cores = (_own_cpu() - self.client_cpu) / self.elapsed
        self.server_cores = (self.server.worker_cpu_seconds() - self.server_cpu) / self.elapsed
        busy, total = (b - a for a, b in zip(self.machine, _machine_busy()))
        self.machine_cores = os.cpu_count() * busy / total

    def ok_per_second(self) -> float:
        return (len(self.latencies) - len(self.errors)) / self.elapsed

    def line(self, name: str) -> str:
        return (f"{name:22} {len(self.latencies):6d} {self.ok_per_second():7.1f} "
                f"{percentile(self.latencies, 50) * 1000:8.1f} "
                f"{percentile(self.latencies, 99) * 1000:8.1f} {len(self.errors):6d} "
                f"{self.client_cores:7.2f} {self.server_cores:7.2f} {self.machine_cores:7.2f}")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat."""
    ticks = list(map(int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]))
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


def closed_loop(server: Gunicorn, requests, clients: int, duration: float,
                phase: Phase | None) -> None:
    """`clients` threads, each sending the next request as soon as the last is answered."""
    deadline = time.monotonic() + duration

    def client():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            error = send(server.port, requests)
            if phase:
                phase.record(time.perf_counter() - started, error)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def open_loop(server: Gunicorn, records: Records, rate: float, duration: float, phase: Phase) -> None:
    """Send on a fixed schedule; each latency counts from when the request was due.

    A server that falls behind builds a backlog; what is still unsent DRAIN seconds after the
    schedule ends is dropped and counted as an error, with its wait so far as its latency.
    """
    due = queue.Queue()
    start = time.monotonic() + 0.05
    give_up = start + duration + DRAIN

    def sender():
        while (scheduled := due.get()) is not None:
            if time.monotonic() > give_up:
                phase.record(time.monotonic() - scheduled, "not sent: the server fell behind")
                continue
            error = send(server.port, records)
            phase.record(time.monotonic() - scheduled, error)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(64)]
    for thread in threads:
        thread.start()
    for i in range(int(rate * duration)):
        scheduled = start + i / rate
        time.sleep(max(0.0, scheduled - time.monotonic()))
        due.put(scheduled)
    for _ in threads:
        due.put(None)
    for thread in threads:
        thread.join()


def stored_once(url: str, table: str, sent: list[str]) -> tuple[int, int]:
    """(sent records not in the database, records stored more than once)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT uuid FROM {table}")).scalars().all()  # nosec B608  # our two table names
    engine.dispose()
    stored = [str(uuid.UUID(str(u))) for u in rows]
    return len(set(sent) - set(stored)), len(stored) - len(set(stored))


class Database:
    """A fresh database of one engine: a SQLite file in a temporary folder, or a throwaway
    PostgreSQL database on the given server, dropped afterwards."""

    def __init__(self, engine: str, folder: Path, name: str, server_url: str):
        self.engine, self.server_url, self.name = engine, server_url, f"xunke_bench_{name}_{os.getpid()}"
        if engine == "sqlite":
            self.url = f"sqlite:///{folder / (name + '.sqlite3')}"
        else:
            with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            self.url = f"{server_url}/{self.name}"

    def drop(self) -> None:
        if self.engine == "postgresql":
            with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run_engine(engine: str, args) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="xunke-api-write-"))
    app_db = Database(engine, folder, "app", args.postgresql)
    floor_db = Database(engine, folder, "floor", args.postgresql)
    servers = []
    try:
        env = prepare_database(app_db.url, folder)
        create_table(floor_db.url)
        app = Gunicorn(env, args.workers)
        floor = Gunicorn({**env, "FLOOR_DATABASE_URL": floor_db.url}, args.workers,
                         app="bench.floor_app:app")
        servers = [app, floor]
        for server in servers:
            server.start()
        school = School(app.url)
        # The floor gets the same bodies and headers (it ignores the cookie and the CSRF token).
        sessions = [sign_in(app.url, login) for login in school.leaders]
        records, floor_records = Records(school, sessions), Records(school, sessions)

        closed_loop(floor, floor_records, args.clients, WARM_UP, None)
        with Phase(floor) as floor_phase:
            closed_loop(floor, floor_records, args.clients, args.duration, floor_phase)
        closed_loop(app, records, args.clients, WARM_UP, None)
        with Phase(app) as closed:
            closed_loop(app, records, args.clients, args.duration, closed)
        with Phase(app) as opened:
            open_loop(app, records, args.rate, args.duration, opened)
        reads = SignedInReads(records)
        closed_loop(app, reads, args.clients, WARM_UP, None)
        with Phase(app) as ceiling:
            closed_loop(app, reads, args.clients, args.duration, ceiling)
        missing, twice = stored_once(app_db.url, "observations", records.sent)
        floor_missing, floor_twice = stored_once(floor_db.url, "floor_observations", floor_records.sent)
        server_errors = app.server_errors() + floor.server_errors()
    finally:
        for server in servers:
            server.stop()
        app_db.drop()
        floor_db.drop()
        shutil.rmtree(folder, ignore_errors=True)

    print(f"\n== {engine}: gunicorn {args.workers} sync workers, {args.duration:.0f} s a phase")
    print(f"{'phase':22} {'reqs':>6} {'ok/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
          f"{'client':>7} {'workers':>7} {'machine':>7}   (CPU in cores)")
    print(floor_phase.line(f"floor, {args.clients} clients"))
    print(closed.line(f"app, {args.clients} clients"))
    print(opened.line(f"app, {args.rate:g}/s open loop"))
    print(ceiling.line("app, GET /me (ceiling)"))
    print(f"records: app sent {len(records.sent)}, not stored {missing}, stored twice {twice}; "
          f"floor sent {len(floor_records.sent)}, not stored {floor_missing}, stored twice {floor_twice}")
    print(f"CPU per request: client {_per_request_us(floor_phase):.0f} µs (floor), "
          f"{_per_request_us(closed):.0f} µs (app); gunicorn workers "
          f"{_worker_ms(floor_phase):.2f} ms (floor), {_worker_ms(closed):.2f} ms (app)")
    print(f"throughput against the floor: submits {_vs(closed, floor_phase):.2f}, "
          f"the cheapest signed-in request (ceiling) {_vs(ceiling, floor_phase):.2f}")
    for error in sorted({e for phase in (floor_phase, closed, opened, ceiling)
                         for e in phase.errors})[:5]:
        print(f"  error e.g.: {error}")
    for line in sorted(set(server_errors)):
        print(f"  server logged: {line}")

    ratio = _vs(closed, floor_phase)
    errors = len(closed.errors) + len(opened.errors)
    p99 = percentile(opened.latencies, 99) * 1000
    return [target(f"{engine}_throughput_vs_floor", ratio, ">=", THROUGHPUT_RATIO),
            target(f"{engine}_errors", errors, "==", 0),
            target(f"{engine}_records_not_stored_once", missing + twice, "==", 0),
            target(f"{engine}_open_loop_p99_ms", p99, "<", OPEN_LOOP_P99_MS, digits=1)]


def _vs(phase: Phase, floor: Phase) -> float:
    return phase.ok_per_second() / floor.ok_per_second()


def _per_request_us(phase: Phase) -> float:
    return phase.client_cores * phase.elapsed / max(1, len(phase.latencies)) * 1e6


def _worker_ms(phase: Phase) -> float:
    return phase.server_cores * phase.elapsed / max(1, len(phase.latencies)) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of each measured phase")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients, closed loop")
    parser.add_argument("--rate", type=float, default=100, help="submits a second, open loop")
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn sync workers (app and floor); Procfile's default")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgresql", default="postgresql://postgres@127.0.0.1:5432",
                        help="PostgreSQL server for the throwaway databases")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    return report([line for engine in engines for line in run_engine(engine, args)])


if __name__ == "__main__":
    sys.exit(main())
