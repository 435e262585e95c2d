"""Record observations through the real service, at chosen school-local times of a term."""
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend.extensions import db
from backend.observations.models import OpenLesson, OpenLessonRater
from backend.observations.services import create_observation
from tests.factories import create_slot, create_term, full_marks

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAST_MONDAY = date(2025, 9, 1)  # a term over by now, so it can be closed


def past_term(school):
    return create_term(school, first_monday=PAST_MONDAY, weeks=20, with_national_day=False)


def at(term, week: int, weekday: int = 2, hour: int = 10) -> datetime:
    """Return a school-local time in teaching week `week` of term."""
    day = term.first_monday + timedelta(weeks=week - 1, days=weekday - 1)
    return datetime.combine(day, time(hour), SHANGHAI)


def lesson_answers(version, score) -> dict:
    """Answers to the 100-point form adding up to score: full marks less points taken item by item."""
    answers, missing = full_marks(version), 100 - score
    for key, maximum in list(answers.items()):
        taken = min(maximum, missing)
        answers[key], missing = maximum - taken, missing - taken
    return answers


def record(observer, teacher, kind, when, *, version=None, answers=None, **extra):
    obs, _ = create_observation(observer, {
        "uuid": uuid.uuid4(), "kind": kind, "teacher_id": teacher.id if teacher else None,
        "observed_at": when, "rubric_version_id": version.id if version else None,
        "answers": answers or {}, **extra})
    return obs


def drop_in(observer, teacher, version, score, when):
    return record(observer, teacher, "drop_in", when, version=version,
                  answers=lesson_answers(version, score))


def patrol(observer, teacher, version, when, *ticked):
    return record(observer, teacher, "patrol", when, version=version,
                  answers={key: True for key in ticked})


def incident(observer, teacher, when, rule="空堂"):
    return record(observer, teacher, "incident", when, incident_rule=rule, incident_deduction=2)


def open_lesson(school, teacher, version, raters_scores, when, created_by):
    """Schedule an open lesson and have each (rater, score) rate it; return the lesson."""
    slot = create_slot(school, teacher, class_name="八年级(2)班", weekday=5, period=3)
    lesson = OpenLesson(school_id=school.id, teacher_id=teacher.id,
                        class_group_id=slot.class_group_id, subject_id=slot.subject_id,
                        starts_at=when, rubric_version_id=version.id, created_by_id=created_by.id,
                        raters=[OpenLessonRater(staff_id=r.id) for r, _ in raters_scores])
    db.session.add(lesson)
    db.session.flush()
    for rater, score in raters_scores:
        record(rater, None, "open_lesson", when, open_lesson_id=lesson.id,
               answers=lesson_answers(version, score))
    return lesson
