"""Benchmark: build one school-week's notices and bulletin, on a district and on one 10× larger.

    .venv/bin/python bench/notices.py --engine postgresql   # 50 schools × 60 teachers, 1 term
    .venv/bin/python bench/notices.py --engine sqlite       # 1 school, 3 terms

Each run loads the base data with bulk inserts (COPY on PostgreSQL, executemany on SQLite),
times building the target school-week (drafts + bulletin, rolled back after each repetition),
grows the rest of the data 10× (PostgreSQL: 9× more schools; SQLite: 9× more past terms),
and times the same school-week again. The floor is a plain indexed SELECT of that school-week's
observations, measured in the same run. Ends with one TARGET line per target.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import text  # noqa: E402

from backend import create_app  # noqa: E402
from backend.accounts.models import RoleAssignment, Staff  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.notices.bulletin import bulletin  # noqa: E402
from backend.notices.content import week_filter  # noqa: E402
from backend.notices.services import build_week  # noqa: E402
from backend.observations.models import ActionStep, Observation, Photo  # noqa: E402
from backend.org.models import District, School, Term  # noqa: E402
from backend.rubrics.scoring import score_answers  # noqa: E402
from backend.rubrics.services import create_rubric, parsed_version, publish  # noqa: E402
from backend.rubrics.templates import load_template  # noqa: E402

TEACHERS, WEEKS, PER_WEEK = 60, 20, 500  # 500 records a school-week: 10,000 a school-term
TARGET_WEEK = 10
SHANGHAI = ZoneInfo("Asia/Shanghai")
OBS_COLUMNS = ("id", "uuid", "school_id", "kind", "status", "observer_id", "teacher_id",
               "period_number", "observed_at", "local_date", "term_id", "week",
               "rubric_version_id", "answers", "score", "total", "percentage", "band",
               "praise_count", "problem_count", "incident_count", "strengths", "suggestions",
               "remarks", "incident_rule", "incident_deduction", "talk_held", "created_at",
               "updated_at", "submitted_at")


def lesson_answers(version, minus: int) -> dict:
    """Full marks less `minus` points, taken from the score items in order."""
    answers = {}
    for section in version.definition["sections"]:
        for item in section["items"]:
            if item["type"] == "score":
                taken = min(minus, item["max"])
                answers[item["key"]], minus = item["max"] - taken, minus - taken
    return answers


def scored_forms(patrol, lesson):
    """A few real scores of each rubric, computed once and reused for every generated row:
    (answers, score) as objects and as JSON text, since COPY takes the text."""
    ticks = [{"early_arrival": True}, {"good_order": True, "active_interaction": True},
             {"phone_in_class": True}, {"early_arrival": True, "seated_teaching": True}, {}]
    lessons = [lesson_answers(lesson, minus) for minus in (0, 3, 8, 12, 25, 45)]

    def forms(version, answer_sets):
        rubric = parsed_version(version)
        return [(a, json.dumps(a), s, s.to_dict(), json.dumps(s.to_dict(), ensure_ascii=False))
                for a, s in ((a, score_answers(rubric, a)) for a in answer_sets)]
    return forms(patrol, ticks), forms(lesson, lessons)


class Generator:
    """Make schools, staff and observations in bulk, with explicit ids so rows can refer."""

    def __init__(self, engine_name: str):
        self.postgres = engine_name == "postgresql"
        self.random = random.Random(7)
        self.next_id = {"staff": 1, "observations": 1, "photos": 1, "action_steps": 1,
                        "role_assignments": 1}

    def ids(self, table: str, n: int) -> range:
        start = self.next_id[table]
        self.next_id[table] = start + n
        return range(start, start + n)

    def insert(self, table, rows: list[tuple], columns) -> None:
        if not rows:
            return
        if self.postgres:
            raw = db.session.connection().connection.driver_connection
            with raw.cursor().copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            db.session.execute(table.insert(), [dict(zip(columns, row)) for row in rows])

    def school(self, district_id: int, n: int):
        school = School(district_id=district_id, code=f"b{n:04d}", name=f"第{n}中学")
        db.session.add(school)
        db.session.flush()
        staff_ids = list(self.ids("staff", TEACHERS + 1))
        now = datetime.now(timezone.utc)
        self.insert(Staff.__table__, [
            (i, district_id, school.id, f"T{i}", f"教师{i}", "", None, "", None, None, "", False,
             True, now) for i in staff_ids],
            ("id", "district_id", "school_id", "staff_no", "name", "gender", "phone", "title",
             "subject_id", "teaching_group_id", "password_hash", "must_change_password", "active",
             "created_at"))
        roles = [(sid, "teacher") for sid in staff_ids[:TEACHERS]] + [(staff_ids[-1], "admin")]
        roles += [(sid, "leader") for sid in staff_ids[:4]]
        roles += [(sid, "group_head") for sid in staff_ids[4:10]]
        self.insert(RoleAssignment.__table__,
                    [(i, sid, role) for i, (sid, role) in zip(self.ids("role_assignments", len(roles)), roles)],
                    ("id", "staff_id", "role"))
        return school, staff_ids

    def term(self, school_id: int, first_monday, name: str) -> Term:
        term = Term(school_id=school_id, name=name, first_monday=first_monday, week_count=WEEKS)
        db.session.add(term)
        db.session.flush()
        return term

    def observations(self, school_id: int, staff_ids: list[int], term: Term, forms, versions,
                     steps_met: bool = False):
        """One term of records for a school: PER_WEEK a week, about 8 a teacher; the action
        steps of past terms were met long ago (a later visit checks them)."""
        patrol_forms, lesson_forms = forms
        rnd, rows, photos, steps = self.random, [], [], []
        observers, teachers = staff_ids[:10], staff_ids[:TEACHERS]
        for week in range(1, WEEKS + 1):
            monday = term.first_monday + timedelta(weeks=week - 1)
            for obs_id in self.ids("observations", PER_WEEK):
                day = monday + timedelta(days=rnd.randrange(5))
                at = datetime(day.year, day.month, day.day, 8 + rnd.randrange(8), 10,
                              tzinfo=SHANGHAI).astimezone(timezone.utc)
                observer = rnd.choice(observers)
                teacher = rnd.choice([t for t in teachers[:12] if t != observer]
                                     if rnd.random() < 0.2 else teachers[10:])
                roll = rnd.random()
                kind = "patrol" if roll < 0.65 else "drop_in" if roll < 0.97 else "incident"
                answers, answers_json, score, score_dict, score_json = (
                    rnd.choice(patrol_forms) if kind == "patrol" else
                    rnd.choice(lesson_forms) if kind == "drop_in" else ({}, "{}", None, None, None))
                rows.append((
                    obs_id, uuid.UUID(int=rnd.getrandbits(128)), school_id, kind, "submitted",
                    observer, teacher, 1 + rnd.randrange(8), at, day, term.id, week,
                    versions[kind], *((answers_json, score_json) if self.postgres
                                      else (answers, score_dict)),
                    score.total if score else None, score.percentage if score else None,
                    score.band if score else None, score.praise_count if score else 0,
                    score.problem_count if score else 0, 0,
                    "导入自然，板书清楚" if kind == "drop_in" else "",
                    "多给学生提问的机会" if kind == "drop_in" else "", "",
                    "空堂" if kind == "incident" else "", 2 if kind == "incident" else None,
                    False, at, at, at))
                if kind == "patrol" and rnd.random() < 0.1:
                    photos.append((obs_id,))
                if kind == "drop_in" and rnd.random() < 0.3:
                    steps.append((school_id, teacher, obs_id))
        self.insert(Observation.__table__, rows, OBS_COLUMNS)
        self.insert(Photo.__table__, [
            (pid, uuid.UUID(int=rnd.getrandbits(128)), oid, "0" * 64, 1600, 1200, 200_000,
             rows[0][8]) for pid, (oid,) in zip(self.ids("photos", len(photos)), photos)],
            ("id", "uuid", "observation_id", "sha256", "width", "height", "size", "created_at"))
        self.insert(ActionStep.__table__, [
            (sid, school, teacher, oid, "每节课至少三次开放性提问", rows[0][8] if steps_met else None,
             None, rows[0][8])
            for sid, (school, teacher, oid) in zip(self.ids("action_steps", len(steps)), steps)],
            ("id", "school_id", "teacher_id", "observation_id", "text", "met_at",
             "met_observation_id", "created_at"))
        return len(rows)


def analyze(postgres: bool) -> None:
    db.session.commit()
    if postgres:
        for table in ("observations", "photos", "action_steps", "staff", "role_assignments"):
            db.session.execute(text(f"ANALYZE {table}"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def median_time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        db.session.rollback()
    return statistics.median(times)


def measure(school: School, term: Term, repeats: int) -> dict:
    def build():
        notices = build_week(school.id, term, TARGET_WEEK)
        bulletin(school, term, TARGET_WEEK)
        assert len(notices) >= TEACHERS - 12, len(notices)

    def floor():
        rows = db.session.execute(db.select(Observation.__table__).where(
            week_filter(school.id, term.id, TARGET_WEEK))).all()
        assert len(rows) == PER_WEEK

    build()  # warm the caches and the rubric parse once, as a running server would have them
    db.session.rollback()
    return {"build": median_time(build, repeats), "floor": median_time(floor, repeats)}


def count_observations() -> int:
    return db.session.scalar(db.select(db.func.count(Observation.id)))


def run(engine_name: str, url: str, scale: float, repeats: int) -> list[tuple]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "REDIS_URL": None})
    postgres = engine_name == "postgresql"
    with app.app_context():
        db.drop_all()
        db.create_all()
        gen = Generator(engine_name)
        district = District(name="基准县")
        db.session.add(district)
        db.session.flush()
        target, staff_ids = gen.school(district.id, 0)
        patrol = publish(create_rubric(target.id, load_template("patrol_checklist")), None)
        lesson = publish(create_rubric(target.id, load_template("lesson_100")), None)
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

        load_school(target, staff_ids, terms)
        for n in range(1, schools):
            load_school(*gen.school(district.id, n), terms)
        analyze(postgres)
        target_term = db.session.scalar(db.select(Term).where(
            Term.school_id == target.id, Term.first_monday == autumn))
        base_rows, load_base = count_observations(), time.perf_counter() - started
        print(f"[{engine_name}] base: {schools} school(s) × {terms} term(s), {base_rows:,} "
              f"observations, loaded in {load_base:.0f} s", flush=True)
        base = measure(target, target_term, repeats)
        print(f"[{engine_name}] base: build {base['build'] * 1000:.1f} ms, "
              f"floor {base['floor'] * 1000:.1f} ms", flush=True)

        started = time.perf_counter()
        if postgres:  # a district ten times the size: 9× more schools
            for n in range(schools, schools * 10):
                load_school(*gen.school(district.id, n), terms)
        else:  # the same school after ten times the history: 9× more past terms
            for k in range(terms, terms * 10):
                monday = autumn - timedelta(weeks=26 * k)
                term = gen.term(target.id, monday - timedelta(days=monday.weekday()), f"学期{k}")
                gen.observations(target.id, staff_ids, term, forms, versions, steps_met=True)
                db.session.commit()
        analyze(postgres)
        grown_rows = count_observations()
        print(f"[{engine_name}] grown: {grown_rows:,} observations "
              f"(+{time.perf_counter() - started:.0f} s)", flush=True)
        grown = measure(target, target_term, repeats)
        print(f"[{engine_name}] grown: build {grown['build'] * 1000:.1f} ms, "
              f"floor {grown['floor'] * 1000:.1f} ms", flush=True)
        db.session.remove()
        db.engine.dispose()
    ratio = grown["build"] / base["build"]
    over_floor = grown["build"] / grown["floor"]
    targets = [(f"{engine_name}_growth_ratio", ratio, "<=", 2.0),
               (f"{engine_name}_build_over_floor", over_floor, "<=", FLOOR_MULTIPLE)]
    if postgres:
        targets.append((f"{engine_name}_school_week_seconds", grown["build"], "<=", 0.3))
    return targets


FLOOR_MULTIPLE = 40  # a build runs ~10 indexed queries and writes ~50 notices: one read is 1/40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgresql-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/xunke_notices_bench"))
    parser.add_argument("--sqlite-path", default="/tmp/xunke_bench_notices.sqlite3")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the base size (PostgreSQL schools, SQLite terms)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    targets = []
    if args.engine in ("sqlite", "both"):
        if os.path.exists(args.sqlite_path):
            os.remove(args.sqlite_path)
        targets += run("sqlite", f"sqlite:///{args.sqlite_path}", args.scale, args.repeats)
    if args.engine in ("postgresql", "both"):
        targets += run("postgresql", args.postgresql_url, args.scale, args.repeats)
    for name, value, op, bound in targets:
        ok = value <= bound
        print(f"TARGET {name}: {value:.3f} {op} {bound} {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
