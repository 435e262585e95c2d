"""Benchmark: build one school-week's notices and bulletin, on a district and on one 10× larger.

    .venv/bin/python bench/notices.py --engine postgresql   # 50 schools × 60 teachers, 1 term
    .venv/bin/python bench/notices.py --engine sqlite       # 1 school, 3 terms

The target school's records are generated in Python from real rubric scores and loaded in bulk
(COPY on PostgreSQL, executemany on SQLite); on PostgreSQL the other schools are server-side
copies of it (INSERT ... SELECT), loaded without secondary indexes, which are built afterwards.
It times building the target school-week (drafts + bulletin, rolled back after each repetition),
grows the rest of the data 10× (PostgreSQL: 9× more schools; SQLite: 9× more past terms),
and times the same school-week again. The floor is a plain indexed SELECT of that school-week's
observations, measured in the same run. Ends with one TARGET line per target.
"""
import argparse
import os
import secrets
import sys
import tempfile
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from backend import create_app  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.notices.bulletin import bulletin  # noqa: E402
from backend.notices.content import week_filter  # noqa: E402
from backend.notices.services import build_week  # noqa: E402
from backend.observations.models import Observation  # noqa: E402
from backend.org.models import District, School, Term  # noqa: E402
from backend.rubrics.services import create_rubric, publish  # noqa: E402
from backend.rubrics.templates import load_template  # noqa: E402
from bench.targets import report, target  # noqa: E402
from bench.district import (PER_WEEK, TEACHERS, Generator, analyze, bulk_loading,  # noqa: E402
                            clone_school, scored_forms)

TARGET_WEEK = 10
# A build runs about ten indexed queries, decodes the week's scores twice (notices, bulletin)
# and writes some fifty notices; the floor is one of those reads.
FLOOR_MULTIPLE = 10


def timed(action) -> float:
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    db.session.rollback()
    return elapsed


def measure(school: School, term: Term, repeats: int) -> dict:
    """Best of `repeats` for the build and the floor, run alternately so that both meet the
    same load from whatever else this shared machine is running."""
    def build():
        notices = build_week(school.id, term, TARGET_WEEK)
        bulletin(school, term, TARGET_WEEK)
        if len(notices) < TEACHERS - 12:
            raise RuntimeError(f"built {len(notices)} notices: the generated week is incomplete")

    def floor():
        rows = db.session.execute(db.select(Observation.__table__).where(
            week_filter(school.id, term.id, TARGET_WEEK))).all()
        if len(rows) != PER_WEEK:
            raise RuntimeError(f"the floor read {len(rows)} rows, not {PER_WEEK}")

    timed(build)  # warm the caches and the rubric parse once, as a running server has them
    runs = [(timed(build), timed(floor)) for _ in range(repeats)]
    return {"build": min(r[0] for r in runs), "floor": min(r[1] for r in runs)}


def count_observations() -> int:
    return db.session.scalar(db.select(db.func.count(Observation.id)))


def ensure_database(url: str) -> None:
    """Create the PostgreSQL benchmark database if it does not exist yet."""
    wanted = make_url(url)
    admin = create_engine(wanted.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                           {"name": wanted.database}):
            conn.execute(text(f'CREATE DATABASE "{wanted.database}"'))
    admin.dispose()


def run(engine_name: str, url: str, scale: float, repeats: int) -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(16), "REDIS_URL": None})
    postgres = engine_name == "postgresql"
    with app.app_context():
        db.drop_all()
        db.create_all()
        gen = Generator(engine_name)
        district = District(name="基准县")
        db.session.add(district)
        db.session.flush()
        measured, staff_ids = gen.school(district.id, 0)
        patrol = publish(create_rubric(measured.id, load_template("patrol_checklist")), None)
        lesson = publish(create_rubric(measured.id, load_template("lesson_100")), None)
        versions = {"patrol": patrol.id, "drop_in": lesson.id, "incident": None}
        forms = scored_forms(patrol, lesson)
        autumn = datetime(2026, 8, 31).date()
        schools = max(1, round(50 * scale)) if postgres else 1
        terms = 1 if postgres else max(1, round(3 * scale))
        started = time.perf_counter()

        def load_school(school, ids, n_terms):
            for k in range(n_terms):
                monday = autumn - timedelta(weeks=26 * k)
                term = gen.term(school.id, monday - timedelta(days=monday.weekday()), f"学期{k}")
                gen.observations(school.id, ids, term, forms, versions, steps_met=k > 0)
                db.session.commit()

        with bulk_loading(postgres):
            load_school(measured, staff_ids, terms)
            # The measured school's rows hold ids 1..N: every other school is a copy of them.
            template = {"staff": staff_ids[0], **{
                key: gen.next_id[table] - 1 for key, table in (
                    ("obs", "observations"), ("photos", "photos"), ("steps", "action_steps"))}}
            for n in range(1, schools):
                clone_school(gen, district.id, n, template, autumn)
        analyze(postgres)
        measured_term = db.session.scalar(db.select(Term).where(
            Term.school_id == measured.id, Term.first_monday == autumn))
        base_rows, load_base = count_observations(), time.perf_counter() - started
        print(f"[{engine_name}] base: {schools} school(s) × {terms} term(s), {base_rows:,} "
              f"observations, loaded in {load_base:.0f} s", flush=True)
        base = measure(measured, measured_term, repeats)
        print(f"[{engine_name}] base: build {base['build'] * 1000:.1f} ms, "
              f"floor {base['floor'] * 1000:.1f} ms", flush=True)

        started = time.perf_counter()
        with bulk_loading(postgres):
            if postgres:  # a district ten times the size: 9× more schools
                for n in range(schools, schools * 10):
                    clone_school(gen, district.id, n, template, autumn)
            else:  # the same school after ten times the history: 9× more past terms
                for k in range(terms, terms * 10):
                    monday = autumn - timedelta(weeks=26 * k)
                    term = gen.term(measured.id, monday - timedelta(days=monday.weekday()),
                                    f"学期{k}")
                    gen.observations(measured.id, staff_ids, term, forms, versions, steps_met=True)
                    db.session.commit()
        analyze(postgres)
        grown_rows = count_observations()
        print(f"[{engine_name}] grown: {grown_rows:,} observations "
              f"(+{time.perf_counter() - started:.0f} s)", flush=True)
        grown = measure(measured, measured_term, repeats)
        print(f"[{engine_name}] grown: build {grown['build'] * 1000:.1f} ms, "
              f"floor {grown['floor'] * 1000:.1f} ms", flush=True)
        db.session.remove()
        db.engine.dispose()
    ratio = grown["build"] / base["build"]
    over_floor = grown["build"] / grown["floor"]
    targets = [target(f"{engine_name}_growth_ratio", ratio, "<=", 2.0, digits=3),
               target(f"{engine_name}_build_over_floor", over_floor, "<=", FLOOR_MULTIPLE, digits=3)]
    if postgres:  # the targets: under 0.3 s, and at most 20 % more after growing 10×
        targets.append(target(f"{engine_name}_school_week_seconds", grown["build"], "<=", 0.3,
                              digits=3))
        targets.append(target(f"{engine_name}_growth_ratio_issue", ratio, "<=", 1.2, digits=3))
    return targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgresql-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/xunke_notices_bench"))
    parser.add_argument("--sqlite-path", default=os.path.join(tempfile.gettempdir(), "xunke_bench_notices.sqlite3"))
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the base size (PostgreSQL schools, SQLite terms)")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    targets = []
    if args.engine in ("sqlite", "both"):
        if os.path.exists(args.sqlite_path):
            os.remove(args.sqlite_path)
        targets += run("sqlite", f"sqlite:///{args.sqlite_path}", args.scale, args.repeats)
    if args.engine in ("postgresql", "both"):
        ensure_database(args.postgresql_url)
        targets += run("postgresql", args.postgresql_url, args.scale, args.repeats)
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
