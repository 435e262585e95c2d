"""Who has observed enough lessons this term, who no leader has observed this month, who too often.

Counted as a lesson observed: a submitted drop-in, or a submitted rating of an open lesson (each
rater sat through it). Patrols never count: looking into a classroom for a minute is not 听课.
"""
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from statistics import median

from sqlalchemy import and_, case, func, select

from backend.accounts.models import RoleAssignment, Staff
from backend.appraisal.components import LESSON_KINDS, lesson_scores, submitted_in, teachers_of
from backend.extensions import db
from backend.observations.models import Observation
from backend.org.models import School, TeachingGroup, Term
from backend.org.settings import setting


@dataclass(frozen=True)
class SchoolMonth:
    """A calendar month as far as it lies within the term (轮回听课 runs per school month)."""

    label: str  # 2026-10
    starts_on: date
    ends_on: date


def school_month(term: Term, on: date) -> SchoolMonth:
    """Return the school month of a date of the term."""
    first = on.replace(day=1)
    last = on.replace(day=monthrange(on.year, on.month)[1])
    return SchoolMonth(f"{on:%Y-%m}", max(first, term.first_monday), min(last, term.last_day))


def required_lessons(staff: Staff, rules: dict) -> int:
    """A 职务 title's quota wins; otherwise the largest quota of the person's roles."""
    if staff.title in rules["by_title"]:
        return rules["by_title"][staff.title]
    return max((rules["by_role"].get(role, 0) for role in staff.roles), default=0)


def quota_rows(term: Term, on: date, rules: dict, scope) -> list[dict]:
    """Each person with a quota: required, done by `on`, remaining, expected by `on`, behind."""
    done = dict(db.session.execute(
        select(Observation.observer_id, func.count()).where(
            submitted_in(term, *LESSON_KINDS), Observation.local_date <= on)
        .group_by(Observation.observer_id)).all())
    # Pro-rated by days of the term gone, so a quota of 15 expects 7 half-way through.
    days = (term.last_day - term.first_monday).days + 1
    gone = min(max((on - term.first_monday).days + 1, 0), days)
    rows = []
    for staff in db.session.scalars(select(Staff).where(
            Staff.school_id == term.school_id, Staff.active, scope).order_by(Staff.staff_no)):
        required = required_lessons(staff, rules)
        if required == 0:
            continue
        count = done.get(staff.id, 0)
        expected = required * gone // days
        rows.append({"staff_id": staff.id, "staff_no": staff.staff_no, "name": staff.name,
                     "title": staff.title, "roles": staff.roles, "required": required,
                     "done": count, "remaining": max(required - count, 0),
                     "expected_to_date": expected, "behind": count < expected})
    return rows


def unobserved_rows(term: Term, month: SchoolMonth, scope) -> list[dict]:
    """Teachers no leader has observed in the school month, with who else did and the last visit."""
    leaders = select(RoleAssignment.staff_id).where(RoleAssignment.role == "leader")
    by_leader = Observation.observer_id.in_(leaders)
    in_month = Observation.local_date.between(month.starts_on, month.ends_on)
    visits = select(
        Observation.teacher_id,
        func.sum(case((and_(in_month, by_leader), 1), else_=0)).label("by_leaders"),
        # Lessons, not ratings: an open lesson's raters sat through one lesson.
        func.count(func.distinct(case((in_month, case(
            (Observation.open_lesson_id.is_not(None), -Observation.open_lesson_id),
            else_=Observation.id))))).label("by_anyone"),
        func.max(case((by_leader, Observation.local_date))).label("last_leader_visit"),
    ).where(submitted_in(term, *LESSON_KINDS), Observation.local_date <= month.ends_on).group_by(
        Observation.teacher_id).subquery()
    query = (select(Staff, TeachingGroup.name, visits.c.by_anyone, visits.c.last_leader_visit)
             .outerjoin(TeachingGroup, TeachingGroup.id == Staff.teaching_group_id)
             .outerjoin(visits, visits.c.teacher_id == Staff.id)
             .where(teachers_of(term.school_id), scope, func.coalesce(visits.c.by_leaders, 0) == 0)
             .order_by(Staff.staff_no))
    return [{"staff_id": staff.id, "staff_no": staff.staff_no, "name": staff.name,
             "group_name": group, "observed_this_month": int(anyone or 0),
             "last_leader_visit": last}
            for staff, group, anyone, last in db.session.execute(query)]


def over_observed(term: Term, on: date, factor: float, scope) -> dict:
    """Teachers observed by `on` more than factor × the school's median of lessons (at least 1)."""
    lessons = lesson_scores(term, until=on)
    counts = select(lessons.c.teacher_id, func.count().label("lessons")).group_by(
        lessons.c.teacher_id).subquery()
    rows = db.session.execute(
        select(Staff.id, Staff.staff_no, Staff.name, func.coalesce(counts.c.lessons, 0))
        .outerjoin(counts, counts.c.teacher_id == Staff.id)
        .where(teachers_of(term.school_id)).order_by(Staff.staff_no)).all()
    # The median is the whole school's, whoever reads: a group is compared with everyone.
    middle = median([row[3] for row in rows]) if rows else 0
    threshold = factor * max(middle, 1)
    readable = set(db.session.scalars(select(Staff.id).where(scope)))
    return {"median": middle, "threshold": threshold, "teachers": [
        {"staff_id": i, "staff_no": no, "name": name, "lessons": n}
        for i, no, name, n in rows if n > threshold and i in readable]}


def coverage_report(term: Term, on: date, scope) -> dict:
    """The quota list, the month's unobserved teachers and the over-observed, as of date `on`."""
    rules = setting(db.session.get(School, term.school_id), "observation_quotas")
    month = school_month(term, on)
    return {"term": term, "on": on, "month": month,
            "quotas": quota_rows(term, on, rules, scope),
            "unobserved": unobserved_rows(term, month, scope),
            "over_observed": over_observed(term, on, rules["over_observed_factor"], scope)}
