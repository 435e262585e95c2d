"""Which lessons are on now: the calendar and the period schedule applied to the timetable."""
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import joinedload

from backend.extensions import db
from backend.org.calendar import school_day, term_on
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
