"""Generate a district's records in bulk for the benchmarks: real scores, explicit ids."""
import json
import random
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import text

from backend.accounts.models import RoleAssignment, Staff
from backend.extensions import db
from backend.observations.models import ActionStep, Observation, Photo
from backend.org.models import School, Term
from backend.rubrics.scoring import score_answers
from backend.rubrics.services import parsed_version

TEACHERS, WEEKS, PER_WEEK = 60, 20, 500  # 500 records a school-week: 10,000 a school-term
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
        self.random = random.Random(7)  # nosec B311  # generates data, guards nothing
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


def clone_school(gen: Generator, district_id: int, n: int, template: dict, term_start) -> None:
    """Copy the template school's records to a new school, server-side (PostgreSQL): the
    district grows by millions of rows without each one passing through Python."""
    school, staff_ids = gen.school(district_id, n)
    term = gen.term(school.id, term_start, "学期0")
    params = {"school": school.id, "term": term.id,
              "staff_shift": staff_ids[0] - template["staff"],
              "obs_shift": gen.ids("observations", template["obs"])[0] - 1,
              "photo_shift": gen.ids("photos", template["photos"])[0] - 1,
              "step_shift": gen.ids("action_steps", template["steps"])[0] - 1,
              "obs_last": template["obs"], "photo_last": template["photos"],
              "step_last": template["steps"]}
    copied = [c for c in OBS_COLUMNS if c not in ("id", "uuid", "school_id", "observer_id",
                                                  "teacher_id", "term_id")]
    db.session.execute(text(
        # The column names are our own constants; every value is a bound parameter.
        f"INSERT INTO observations (id, uuid, school_id, observer_id, teacher_id, term_id, "  # nosec B608
        f"{', '.join(copied)}) SELECT id + :obs_shift, gen_random_uuid(), :school, "
        f"observer_id + :staff_shift, teacher_id + :staff_shift, :term, {', '.join(copied)} "
        f"FROM observations WHERE id BETWEEN 1 AND :obs_last"), params)
    db.session.execute(text(
        "INSERT INTO photos (id, uuid, observation_id, sha256, width, height, size, created_at) "
        "SELECT id + :photo_shift, gen_random_uuid(), observation_id + :obs_shift, sha256, width, "
        "height, size, created_at FROM photos WHERE id BETWEEN 1 AND :photo_last"), params)
    db.session.execute(text(
        "INSERT INTO action_steps (id, school_id, teacher_id, observation_id, text, met_at, "
        "created_at) SELECT id + :step_shift, :school, teacher_id + :staff_shift, "
        "observation_id + :obs_shift, text, met_at, created_at FROM action_steps "
        "WHERE id BETWEEN 1 AND :step_last"), params)
    db.session.commit()


@contextmanager
def bulk_loading(postgres: bool):
    """Load as a restore would: without per-row foreign-key triggers and secondary indexes,
    which are built once afterwards (PostgreSQL only; SQLite loads fast enough as it is)."""
    if not postgres:
        yield
        return
    table = Observation.__table__
    uniques = {"uq_observations_uuid": "(uuid)",
               "uq_observations_open_lesson_id_observer_id": "(open_lesson_id, observer_id)"}
    db.session.execute(text("SET session_replication_role = replica"))
    for index in table.indexes:
        db.session.execute(text(f"DROP INDEX {index.name}"))
    for name in uniques:
        db.session.execute(text(f"ALTER TABLE observations DROP CONSTRAINT {name}"))
    db.session.commit()
    yield
    db.session.commit()
    for index in table.indexes:
        index.create(db.session.connection())
    for name, columns in uniques.items():
        db.session.execute(text(f"ALTER TABLE observations ADD CONSTRAINT {name} UNIQUE {columns}"))
    db.session.execute(text("SET session_replication_role = DEFAULT"))
    db.session.commit()


def analyze(postgres: bool) -> None:
    """Gather statistics, and on PostgreSQL set hint bits and the visibility map now, as a
    settled database has them, rather than during the timed runs."""
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))


