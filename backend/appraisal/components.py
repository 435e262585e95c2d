"""A term's records per teacher, aggregated in SQL: lesson scores, praise, problems, incidents."""
from datetime import date

from sqlalchemy import and_, case, func, literal_column, or_, select, true, union_all

from backend.accounts.models import RoleAssignment, Staff
from backend.extensions import db
from backend.observations.models import Observation
from backend.observations.open_lessons import TRIM_FROM
from backend.org.models import TeachingGroup, Term

# 听课 is sitting through a lesson: drop-ins and open lessons. A patrol looks into a classroom for
# seconds to minutes, so it counts for praise and problems but never as a lesson observed or scored.
LESSON_KINDS = ("drop_in", "open_lesson")
# Numeric division on both engines: SQLite would divide integer sums as integers.
ONE = literal_column("1.0")


def submitted_in(term: Term, *kinds: str):
    """Condition: submitted observations of those kinds recorded in the term."""
    return and_(Observation.school_id == term.school_id, Observation.term_id == term.id,
                Observation.status == "submitted", Observation.kind.in_(kinds))


def teachers_of(school_id: int):
    """Condition: the school's active staff who teach."""
    teaches = select(RoleAssignment.staff_id).where(RoleAssignment.role == "teacher")
    return and_(Staff.school_id == school_id, Staff.active, Staff.id.in_(teaches))


def lesson_scores(term: Term, until: date | None = None):
    """One row per lesson of the term: teacher_id, week, score (percentage of the rubric maximum).

    A drop-in is one lesson. An open lesson is one lesson too, whatever its number of raters: its
    score is the raters' mean, without the highest and the lowest with five raters or more, as in
    backend.observations.open_lessons; it falls in the earliest week any rater recorded it.
    `until` leaves out what was recorded after that date.
    """
    recorded = Observation.local_date <= until if until else true()
    drop_ins = select(Observation.teacher_id, Observation.week,
                      (Observation.percentage * ONE).label("score")).where(
        submitted_in(term, "drop_in"), Observation.percentage.is_not(None), recorded)
    open_lessons = select(
        Observation.teacher_id, func.min(Observation.week).label("week"),
        raters_mean(Observation.percentage).label("score")).where(
        submitted_in(term, "open_lesson"), Observation.percentage.is_not(None), recorded).group_by(
        Observation.open_lesson_id, Observation.teacher_id)
    return union_all(drop_ins, open_lessons).subquery("lessons")


def raters_mean(score):
    """Aggregate: the raters' mean of score, without the highest and the lowest from TRIM_FROM on."""
    n, total = func.count(score), func.sum(score)
    trimmed = (total - func.max(score) - func.min(score)) * ONE / (n - 2)
    return case((n >= TRIM_FROM, trimmed), else_=total * ONE / n)


def teacher_components(term: Term, scope=None) -> list:
    """Return per teacher: staff, group name, lessons, mean score, praise, problem points, incidents.

    Teachers are the school's active staff with the teacher role and anyone observed in the term.
    `scope` is an optional SQL condition on Staff limiting who is listed.
    """
    lessons = lesson_scores(term)
    by_lessons = select(lessons.c.teacher_id, func.count().label("lessons"),
                        func.avg(lessons.c.score).label("mean")).group_by(
        lessons.c.teacher_id).subquery()
    # An incident is an incident record or a patrol item flagged as one (空堂, 私自调课 ...).
    patrol = Observation.kind == "patrol"
    by_patrols = select(
        Observation.teacher_id,
        func.sum(case((patrol, Observation.praise_count), else_=0)).label("praise"),
        func.sum(case((patrol, Observation.problem_points), else_=0)).label("problems"),
        func.sum(case((patrol, Observation.incident_count), else_=1)).label("incidents"),
    ).where(submitted_in(term, "patrol", "incident")).group_by(Observation.teacher_id).subquery()
    listed = or_(teachers_of(term.school_id),
                 by_lessons.c.teacher_id.is_not(None), by_patrols.c.teacher_id.is_not(None))
    query = (select(Staff, TeachingGroup.name, by_lessons.c.lessons, by_lessons.c.mean,
                    by_patrols.c.praise, by_patrols.c.problems, by_patrols.c.incidents)
             .outerjoin(TeachingGroup, TeachingGroup.id == Staff.teaching_group_id)
             .outerjoin(by_lessons, by_lessons.c.teacher_id == Staff.id)
             .outerjoin(by_patrols, by_patrols.c.teacher_id == Staff.id)
             .where(Staff.school_id == term.school_id, listed)
             .order_by(Staff.staff_no))
    if scope is not None:
        query = query.where(scope)
    return db.session.execute(query).all()
