"""Worker memory: does one gunicorn worker's RSS level off under each kind of request, or keep growing?

    BATCHES=6 .venv/bin/python bench/worker_memory.py [KIND ...]     (KIND as in load.py's MIX)

One worker on a fresh demo SQLite database, two users sending without pause. Each kind runs
alone for BATCHES batches and the worker's RSS is read after each. The first half of the
batches is warm-up (allocator arenas, caches); a leak shows as growth over the second half.
The notice build reads the week that the submits before it filled (about 2,000 records) and
adds none, so what it measures is the memory of rebuilding one week, not of a growing week.
The environment is passed to gunicorn, so e.g. `MALLOC_ARENA_MAX=2 ... bench/worker_memory.py`
measures that setting.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import School, VirtualUser, photo_bytes  # noqa: E402
from servers import Gunicorn, prepare_database  # noqa: E402
from targets import report, target  # noqa: E402

# Requests per batch: a photo costs ~70 ms of CPU, the others 5-20 ms.
BATCH = {"patrol submit": 160, "drop-in submit": 160, "teacher feedback": 100, "lessons now": 100,
         "notice build": 20, "photo upload": 20}
MAX_GROWTH_MB = 2.0  # over the second half of the batches: page-granular noise, no leak


def run_kind(server: Gunicorn, users: list[VirtualUser], kind: str, batches: int) -> list[float]:
    """Send batches of one kind of request; return the worker's RSS (MB) after each."""
    rss = []
    for _ in range(batches):
        threads = [threading.Thread(target=lambda u=u: [u.step(kind) for _ in range(BATCH[kind] // 2)])
                   for u in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rss.append(server.worker_rss_mb())
    return rss


def main() -> int:
    kinds = sys.argv[1:] or list(BATCH)
    batches = int(os.environ.get("BATCHES", "6"))
    instance = Path(tempfile.mkdtemp(prefix="xunke-memory-"))
    server = Gunicorn(prepare_database(f"sqlite:///{instance / 'xunke.sqlite3'}", instance), workers=1)
    targets = []
    try:
        server.start()
        school = School(server.url)
        photo = photo_bytes()
        users = [VirtualUser(server.url, school, school.leaders[i], school.teachers[i], photo)
                 for i in range(2)]
        for user in users:
            user.step("drop-in submit")  # a record of theirs to attach photos to
        print(f"worker RSS at start: {server.worker_rss_mb():.1f} MB")
        for kind in kinds:
            before = server.worker_rss_mb()
            rss = run_kind(server, users, kind, batches)
            errors = sum(1 for user in users for _, _, error in user.results if error)
            print(f"{kind:16} x{BATCH[kind]:<4d} RSS MB: {before:.1f} -> "
                  f"{' '.join(f'{value:.1f}' for value in rss)}  errors so far: {errors}")
            growth = rss[-1] - rss[batches // 2 - 1]
            targets.append(target(f"{kind} RSS growth MB, last {batches - batches // 2} batches",
                                  growth, "<=", MAX_GROWTH_MB, digits=1))
        errors = sum(1 for user in users for _, _, error in user.results if error)
        targets.append(target("errors", errors, "==", 0))
    finally:
        server.stop()
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
