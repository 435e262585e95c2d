"""Time one school-term's appraisal, coverage report and charts, without and with 10x the history.

    .venv/bin/python bench/appraisal.py                       # SQLite, a temporary file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xunke_bench .venv/bin/python bench/appraisal.py

The PostgreSQL database must exist and is emptied. Two schools of 60 teachers and 6 leaders: one
with one term, one with that term and nine earlier ones. A term of 20 weeks has per teacher and
week two patrols and one drop-in, and every other week an open lesson with five raters per group:
3,900 observations. Both schools' latest terms are measured in turns, first one then the other
first, so that the load of a shared machine falls on both alike; each figure is the fastest of
its runs. The floor is a count
of the term's observations through the same index, measured in the same run.
"""
import os
import secrets
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, time as clock, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from sqlalchemy import func, insert, select  # noqa: E402

from backend import create_app  # noqa: E402
from backend.accounts.models import Staff  # noqa: E402
from backend.appraisal.access import readable_staff  # noqa: E402
from backend.appraisal.services import term_appraisal  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.observations.models import Observation, OpenLesson  # noqa: E402
from backend.org.models import District, School, TeachingGroup, Term  # noqa: E402
from backend.org.services import SchoolDirectory  # noqa: E402
from backend.quotas.services import coverage_report  # noqa: E402
from backend.reports import chart_data, svg  # noqa: E402
from backend.rubrics.scoring import score_answers  # noqa: E402
from backend.rubrics.services import create_rubric, parsed_version, publish  # noqa: E402
from backend.rubrics.templates import load_template  # noqa: E402
from bench.targets import report, target  # noqa: E402

TEACHERS, LEADERS, GROUPS, WEEKS = 60, 6, 6, 20
REPEAT = 15
rng = random.Random(7)  # nosec B311  # generates data, guards nothing


def scored_variants(version, make_answers, count=12):
    """Score a few answer sets once; the generated rows reuse them."""
    rubric = parsed_version(version)
    variants = []
    for _ in range(count):
        answers = make_answers()
        score = score_answers(rubric, answers)
        variants.append({"rubric_version_id": version.id, "answers": answers, "score": score.to_dict(),
                         "total": score.total, "percentage": score.percentage, "band": score.band,
                         "praise_count": score.praise_count, "problem_count": score.problem_count,
                         "problem_points": score.problem_points, "incident_count": len(score.incidents)})
    return variants


def lesson_answers(version):
    def make():
        return {item["key"]: rng.choice([item["max"], item["max"] - 0.5, item["max"] - 1, item["max"] / 2])
                for section in version.definition["sections"] for item in section["items"]
                if item["type"] == "score"}
    return make


def patrol_answers(version):
    keys = [item["key"] for section in version.definition["sections"] for item in section["items"]
            if item["type"] == "check" and not item.get("incident")]
    return lambda: {key: True for key in rng.sample(keys, rng.randint(0, 2))}


def build_school(code: str):
    school = School(district=District(name=f"基准县{code}"), code=code, name="基准中学")
    db.session.add(school)
    db.session.flush()
    groups = [TeachingGroup(school_id=school.id, name=f"组{g}") for g in range(GROUPS)]
    db.session.add_all(groups)
    db.session.flush()
    people = []
    for n in range(TEACHERS + LEADERS):
        staff = Staff(school_id=school.id, district_id=school.district_id, staff_no=f"{code}{n:03d}",
                      name=f"教师{n}", teaching_group_id=groups[n % GROUPS].id)
        staff.set_roles(("teacher",) if n < TEACHERS else ("leader", "teacher"))
        people.append(staff)
    db.session.add_all(people)
    directory = SchoolDirectory(school.id)
    class_group, subject = directory.class_group("七年级(1)班"), directory.subject("语文")
    lesson = publish(create_rubric(school.id, load_template("lesson_100")), None)
    patrol = publish(create_rubric(school.id, load_template("patrol_checklist")), None)
    db.session.flush()
    return {"school": school, "teachers": people[:TEACHERS], "leaders": people[TEACHERS:],
            "lessons": scored_variants(lesson, lesson_answers(lesson)),
            "patrols": scored_variants(patrol, patrol_answers(patrol)),
            "lesson_version": lesson, "class_group": class_group, "subject": subject}


def add_term(world, first_monday: date) -> Term:
    """Add a term of records to the school, inserted in bulk."""
    school = world["school"]
    term = Term(school_id=school.id, name=f"学期{first_monday}", first_monday=first_monday,
                week_count=WEEKS)
    db.session.add(term)
    db.session.flush()
    rows = []

    def row(kind, observer, teacher, day, variant, **extra):
        at = datetime.combine(day, clock(2), timezone.utc)
        rows.append({"uuid": uuid.uuid4(), "school_id": school.id, "kind": kind, "status": "submitted",
                     "observer_id": observer.id, "teacher_id": teacher.id, "observed_at": at,
                     "local_date": day, "term_id": term.id, "week": week, **variant, **extra})
    for week in range(1, WEEKS + 1):
        monday = first_monday + timedelta(weeks=week - 1)
        for n, teacher in enumerate(world["teachers"]):
            leader = world["leaders"][n % LEADERS]
            for day in (0, 3):
                row("patrol", leader, teacher, monday + timedelta(days=day), rng.choice(world["patrols"]))
            row("drop_in", leader, teacher, monday + timedelta(days=1), rng.choice(world["lessons"]))
        if week % 2 == 0:
            for g in range(GROUPS):
                teacher = world["teachers"][(week + g) % TEACHERS]
                lesson = OpenLesson(school_id=school.id, teacher_id=teacher.id,
                                    class_group_id=world["class_group"].id, subject_id=world["subject"].id,
                                    starts_at=datetime.combine(monday, clock(2), timezone.utc),
                                    rubric_version_id=world["lesson_version"].id,
                                    created_by_id=world["leaders"][0].id)
                db.session.add(lesson)
                db.session.flush()
                raters = [t for t in world["teachers"] if t.id != teacher.id][g * 5:g * 5 + 5]
                for rater in raters:
                    row("open_lesson", rater, teacher, monday + timedelta(days=2),
                        rng.choice(world["lessons"]), open_lesson_id=lesson.id)
    db.session.execute(insert(Observation), rows)
    db.session.commit()
    return term


def timed(action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    db.session.rollback()
    return seconds


def actions(world, term) -> dict:
    """The measured calls; each loads what it needs, as a request would."""
    term_id, office_id, teacher_id = term.id, world["leaders"][0].id, world["teachers"][1].id

    def loaded():
        return (db.session.get(Term, term_id), db.session.get(Staff, office_id),
                db.session.get(Staff, teacher_id))

    def floor():
        term, _, _ = loaded()
        db.session.scalar(select(func.count()).where(
            Observation.school_id == term.school_id, Observation.term_id == term.id))

    def appraisal():
        term, office, _ = loaded()
        term_appraisal(term, readable_staff(office))

    def coverage():
        term, office, _ = loaded()
        coverage_report(term, term.first_monday + timedelta(weeks=12), readable_staff(office))

    def charts():
        term, office, teacher = loaded()
        rubric = chart_data.most_used_lesson_rubric(term)
        svg.score_line("t", WEEKS, chart_data.weekly_scores(term, teacher), chart_data.bands_of(rubric))
        svg.section_bars("t", chart_data.section_profile(term, teacher, rubric))
        svg.coverage_bars("t", WEEKS, *chart_data.weekly_coverage(term, readable_staff(office)))
    return {"floor": floor, "appraisal": appraisal, "coverage": coverage, "charts": charts}


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1) if url else \
        "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(16), "REDIS_URL": None})
    latest = date(2026, 8, 31)
    with app.app_context():
        db.drop_all()
        db.create_all()
        small, grown = build_school("S"), build_school("G")
        for n in range(9, 0, -1):  # nine earlier terms: ten times the records
            add_term(grown, latest - timedelta(weeks=26 * n))
        jobs = {"1 term": actions(small, add_term(small, latest)),
                "10 terms": actions(grown, add_term(grown, latest))}
        db.session.commit()
        db.session.expunge_all()  # start each call, like a request, from an empty session
        total = db.session.scalar(select(func.count()).select_from(Observation))
        best = {(which, name): float("inf") for which in jobs for name in jobs[which]}
        for run in range(REPEAT):  # alternate which school goes first: the second one pays more
            for which, named in (reversed if run % 2 else list)(list(jobs.items())):
                for name, action in named.items():
                    best[which, name] = min(best[which, name], timed(action))
        print(f"engine {db.engine.dialect.name}; {total} observations, 3900 in each measured term")
        print(f"{'':10s} {'1 term':>9s} {'10 terms':>9s}")
        for name in ("floor", "appraisal", "coverage", "charts"):
            print(f"{name:10s} {best['1 term', name] * 1000:6.1f} ms {best['10 terms', name] * 1000:6.1f} ms"
                  f"   ({best['10 terms', name] / best['10 terms', 'floor']:.0f}x floor)")
        db.drop_all()
    targets = []
    for name in ("appraisal", "coverage", "charts"):
        seconds = best["10 terms", name]
        targets.append(target(f"{name}_seconds", seconds, "<", 0.5, digits=3))
        targets.append(target(f"{name}_growth_10x_history", seconds / best["1 term", name], "<=", 1.2))
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
