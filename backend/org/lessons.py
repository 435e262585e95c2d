"""Which lessons are on now: the calendar and the period schedule applied to the timetable."""
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_
from sqlalchemy.orm import joinedload

from backend.accounts.models import Staff
from backend.extensions import db
from backend.org.calendar import SchoolDay, school_day, term_on
from backend.org.models import ClassGroup, Grade, Period, School, TimetableSlot


def _slots(school_id: int, weekday: int, period_number: int) -> list[TimetableSlot]:
    return list(db.session.scalars(
        db.select(TimetableSlot)
        .join(ClassGroup, ClassGroup.id == TimetableSlot.class_group_id)
        .join(Grade, Grade.id == ClassGroup.grade_id)
        .where(TimetableSlot.school_id == school_id, TimetableSlot.weekday == weekday,
               TimetableSlot.period_number == period_number)
        .options(joinedload(TimetableSlot.class_group).joinedload(ClassGroup.grade),
                 joinedload(TimetableSlot.subject), joinedload(TimetableSlot.teacher))
        .order_by(Grade.rank, ClassGroup.number)))


def lessons_at(school: School, at: datetime) -> dict:
    """Return the lessons on at `at` and in the next period of the same day."""
    local = at.astimezone(ZoneInfo(school.timezone))
    day = school_day(term_on(school.id, local.date()), local.date())
    result = {"at": local, "date": local.date(), "week": day.week,
              "term_id": day.term.id if day.term else None,
              "timetable_weekday": day.timetable_weekday, "holiday": day.holiday,
              "makeup_day": day.makeup, "current": None, "next": None}
    if day.timetable_weekday is None:
        return result
    periods = db.session.scalars(
        db.select(Period).where(Period.school_id == school.id).order_by(Period.starts_at))
    now = local.time().replace(tzinfo=None)
    for period in periods:
        if result["current"] is None and period.starts_at <= now < period.ends_at:
            result["current"] = {"period": period,
                                 "lessons": _slots(school.id, day.timetable_weekday, period.number)}
        elif period.starts_at > now:
            result["next"] = {"period": period,
                              "lessons": _slots(school.id, day.timetable_weekday, period.number)}
            break
    return result


def class_lesson_at(school: School, day: SchoolDay, at: datetime,
                    class_group_id: int) -> TimetableSlot | None:
    """Return the class's lesson in the period running at `at` on `day`, if any.

    One query: recording a patrol needs only this slot, where lessons_at loads the whole
    school's current and next periods with their classes and teachers (bench/api_write.py).
    The slot's teacher, class and subject come with it, so checking them reads no more.
    """
    if day.timetable_weekday is None:
        return None
    now = at.astimezone(ZoneInfo(school.timezone)).time().replace(tzinfo=None)
    return db.session.scalar(
        db.select(TimetableSlot)
        .join(Period, and_(Period.school_id == TimetableSlot.school_id,
                           Period.number == TimetableSlot.period_number))
        .where(TimetableSlot.school_id == school.id,
               TimetableSlot.class_group_id == class_group_id,
               TimetableSlot.weekday == day.timetable_weekday,
               Period.starts_at <= now, Period.ends_at > now)
        .options(joinedload(TimetableSlot.teacher).lazyload(Staff.role_rows),
                 joinedload(TimetableSlot.class_group), joinedload(TimetableSlot.subject))
        .order_by(Period.starts_at).limit(1))
