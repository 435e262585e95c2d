"""What a teacher's weekly notice says, read from the week's submitted observations.

Every query is bounded by (school, term, week) through ix_observations_school_week, so building
a week costs the same however many other weeks, terms and schools the database holds.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func
from sqlalchemy.orm import aliased

from backend.accounts.models import Staff
from backend.extensions import db
from backend.observations.models import ActionStep, Observation, OpenLesson, Photo
from backend.observations.open_lessons import combine
from backend.org.calendar import school_day, week_bounds
from backend.org.models import ClassGroup, Subject, Term
from backend.rubrics.models import RubricVersion
from backend.rubrics.services import parsed_version

LESSON_KINDS = ("drop_in", "open_lesson")
TENTH = Decimal("0.1")
STEPS_SHOWN = 10  # the notice lists the latest open action steps, not a teacher's whole history


def text(value) -> str | None:
    """Decimals as exact strings, so the frozen JSON reads the same on every engine."""
    return None if value is None else format(Decimal(str(value)), "f")


def week_filter(school_id: int, term_id: int, week: int, teacher_ids=None):
    """Select the submitted observations of one school-week (optionally of some teachers)."""
    condition = and_(Observation.school_id == school_id, Observation.term_id == term_id,
                     Observation.week == week, Observation.status == "submitted")
    if teacher_ids is not None:
        condition = and_(condition, Observation.teacher_id.in_(teacher_ids))
    return condition


def week_rows(condition):
    """Return the observations matching condition with the names a notice shows."""
    observer = aliased(Staff)
    return db.session.execute(
        db.select(Observation.id, Observation.kind, Observation.teacher_id, Observation.observer_id,
                  Observation.local_date, Observation.period_number, Observation.open_lesson_id,
                  Observation.rubric_version_id, Observation.score, Observation.total,
                  Observation.percentage, Observation.band, Observation.strengths,
                  Observation.suggestions, Observation.remarks, Observation.incident_rule,
                  Observation.incident_deduction, observer.name.label("observer"),
                  ClassGroup.name.label("class_name"), Subject.name.label("subject"))
        .join(observer, observer.id == Observation.observer_id)
        .outerjoin(ClassGroup, ClassGroup.id == Observation.class_group_id)
        .outerjoin(Subject, Subject.id == Observation.subject_id)
        .where(condition).order_by(Observation.local_date, Observation.period_number,
                                   Observation.id)).all()


def checked_items(score: dict | None) -> tuple[list[dict], list[dict]]:
    """Split a patrol score's ticked check items into praise (points > 0) and problems (< 0)."""
    praise, problems = [], []
    incidents = {i["key"] for i in (score or {}).get("incidents", [])}
    for section in (score or {}).get("sections", []):
        for item in section["items"]:
            points = Decimal(item["points"]) if item["points"] is not None else Decimal(0)
            if points > 0:
                praise.append({"label": item["label"], "points": item["points"]})
            elif points < 0:
                problems.append({"label": item["label"], "points": item["points"],
                                 "incident": item["key"] in incidents})
    return praise, problems


def _photos(condition) -> dict[int, list[int]]:
    found = defaultdict(list)
    for observation_id, photo_id in db.session.execute(
            db.select(Photo.observation_id, Photo.id).join(Observation).where(condition)
            .order_by(Photo.id)):
        found[observation_id].append(photo_id)
    return found


def _band(version_id: int, percentage: Decimal | None, cache: dict) -> str | None:
    if percentage is None:
        return None
    if version_id not in cache:
        cache[version_id] = parsed_version(db.session.get(RubricVersion, version_id))
    band = cache[version_id].band_for(percentage)
    return band.label if band else None


def _open_lessons(rows, rubrics: dict) -> list[dict]:
    """Combine the raters' scores of each open lesson: the mean, trimmed with five or more."""
    by_lesson = defaultdict(list)
    for row in rows:
        by_lesson[row.open_lesson_id].append(row)
    lessons = []
    for lesson_id, raters in by_lesson.items():
        lesson = db.session.get(OpenLesson, lesson_id)
        result = combine([r.total for r in raters if r.total is not None])
        maximum = next((Decimal(r.score["maximum"]) for r in raters if r.score), None)
        percentage = (None if result["score"] is None or not maximum else
                      (result["score"] * 100 / maximum).quantize(TENTH, ROUND_HALF_UP))
        first = raters[0]
        lessons.append({
            "open_lesson_id": lesson_id, "title": lesson.title, "date": first.local_date.isoformat(),
            "class": first.class_name, "subject": first.subject,
            "score": text(result["score"]), "percentage": text(percentage),
            "band": _band(lesson.rubric_version_id, percentage, rubrics),
            "raters_scored": result["raters_scored"], "trimmed": result["trimmed"],
            "lowest": text(result["lowest"]), "highest": text(result["highest"]),
            "comments": [{"rater": r.observer, "strengths": r.strengths,
                          "suggestions": r.suggestions} for r in raters
                         if r.strengths or r.suggestions]})
    return lessons


def _entry(row, photos) -> dict:
    return {"observation_id": row.id, "date": row.local_date.isoformat(),
            "period": row.period_number, "class": row.class_name, "subject": row.subject,
            "observer": row.observer, "photo_ids": photos.get(row.id, [])}


def _teacher_content(rows, photos, rubrics) -> dict:
    content = {"patrols": [], "lessons": [], "open_lessons": [], "incidents": []}
    for row in rows:
        entry = _entry(row, photos)
        if row.kind == "patrol":
            praise, problems = checked_items(row.score)
            content["patrols"].append({**entry, "praise": praise, "problems": problems,
                                       "remarks": row.remarks})
        elif row.kind == "drop_in":
            content["lessons"].append({
                **entry, "total": text(row.total), "percentage": text(row.percentage),
                "band": row.band, "strengths": row.strengths, "suggestions": row.suggestions})
        elif row.kind == "incident":
            content["incidents"].append({**entry, "rule": row.incident_rule,
                                         "deduction": text(row.incident_deduction),
                                         "remarks": row.remarks})
    content["open_lessons"] = _open_lessons([r for r in rows if r.kind == "open_lesson"], rubrics)
    return content


def summaries(condition) -> dict[int, dict]:
    """Count and average, per teacher, the observations matching condition, in SQL."""
    is_lesson = Observation.kind.in_(LESSON_KINDS)
    rows = db.session.execute(db.select(
        Observation.teacher_id,
        func.count(case((Observation.kind == "patrol", 1))),
        func.coalesce(func.sum(Observation.praise_count), 0),
        func.coalesce(func.sum(Observation.problem_count), 0),
        func.count(case((is_lesson, 1))),
        func.avg(case((is_lesson, Observation.percentage))),
        func.count(case((Observation.kind == "incident", 1))),
        func.coalesce(func.sum(Observation.incident_deduction), 0),
    ).where(condition).group_by(Observation.teacher_id))
    return {teacher_id: {
        "patrols": patrols, "praise": int(praise), "problems": int(problems), "lessons": lessons,
        "mean_percentage": None if mean is None else text(Decimal(str(mean)).quantize(
            TENTH, ROUND_HALF_UP)),
        "incidents": incidents, "deduction": text(Decimal(str(deduction)))}
        for teacher_id, patrols, praise, problems, lessons, mean, incidents, deduction in rows}


def open_action_steps(school_id: int, teachers: list[int]):
    """The latest open action steps of each teacher, at most STEPS_SHOWN each."""
    rank = func.row_number().over(partition_by=ActionStep.teacher_id,
                                  order_by=ActionStep.id.desc()).label("rank")
    latest = (db.select(ActionStep.id, ActionStep.teacher_id, ActionStep.text,
                        ActionStep.created_at, rank)
              .where(ActionStep.school_id == school_id, ActionStep.teacher_id.in_(teachers),
                     ActionStep.met_at.is_(None)).subquery())
    return db.session.execute(db.select(latest).where(latest.c.rank <= STEPS_SHOWN)
                              .order_by(latest.c.teacher_id, latest.c.id)).all()


def week_calendar(term: Term, week: int) -> dict:
    """The week's dates, and its holidays and 调休 days, as the notice's header shows them."""
    monday, sunday = week_bounds(term, week)
    special = []
    for offset in range(7):
        day = school_day(term, monday + timedelta(days=offset))
        if day.holiday or day.makeup:
            special.append({"date": day.on.isoformat(), "holiday": day.holiday,
                            "makeup_follows": day.timetable_weekday if day.makeup else None})
    return {"term_id": term.id, "term": term.name, "week": week, "monday": monday.isoformat(),
            "sunday": sunday.isoformat(), "special_days": special}


def build_contents(school_id: int, term: Term, week: int, teacher_ids=None) -> dict[int, dict]:
    """Return each observed teacher's notice content for the week, keyed by teacher id."""
    condition = week_filter(school_id, term.id, week, teacher_ids)
    rows = week_rows(condition)
    if not rows:
        return {}
    by_teacher = defaultdict(list)
    for row in rows:
        by_teacher[row.teacher_id].append(row)
    teachers = list(by_teacher)
    photos = _photos(condition)
    in_term = and_(Observation.school_id == school_id, Observation.term_id == term.id,
                   Observation.status == "submitted", Observation.teacher_id.in_(teachers))
    this_week = summaries(condition)
    previous = summaries(and_(in_term, Observation.week == week - 1))
    earlier = summaries(and_(in_term, Observation.week < week))
    steps = defaultdict(list)
    for step in open_action_steps(school_id, teachers):
        steps[step.teacher_id].append({"id": step.id, "text": step.text,
                                       "since": step.created_at.date().isoformat()})
    people = {p.id: p for p in db.session.execute(
        db.select(Staff.id, Staff.name, Staff.staff_no).where(Staff.id.in_(teachers)))}
    calendar, rubrics = week_calendar(term, week), {}
    return {teacher_id: {
        "teacher": {"id": teacher_id, "name": people[teacher_id].name,
                    "staff_no": people[teacher_id].staff_no},
        **calendar,
        **_teacher_content(teacher_rows, photos, rubrics),
        "action_steps": steps[teacher_id],
        "summary": this_week[teacher_id],
        "previous_week": previous.get(teacher_id),
        "term_to_date": earlier.get(teacher_id),
    } for teacher_id, teacher_rows in by_teacher.items()}
