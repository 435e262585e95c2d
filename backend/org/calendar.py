"""The school calendar: teaching weeks, holidays and 调休 make-up days."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import joinedload

from backend.extensions import db
from backend.org.models import Term

WEEKDAY_NAMES = {1: "星期一", 2: "星期二", 3: "星期三", 4: "星期四", 5: "星期五", 6: "星期六",
                 7: "星期日"}


@dataclass(frozen=True)
class SchoolDay:
    """What a date is in a term: its teaching week and the timetable day it follows."""

    on: date
    term: Term | None
    week: int | None  # teaching week number, None outside the term
    timetable_weekday: int | None  # 1..7, None when no lessons follow the timetable
    holiday: str | None = None  # the holiday's name when the date is a day off
    makeup: bool = False  # a 调休 working day


def week_bounds(term: Term, week: int) -> tuple[date, date]:
    """Return the Monday and Sunday of teaching week `week` of term."""
    monday = term.first_monday + timedelta(weeks=week - 1)
    return monday, monday + timedelta(days=6)


def teaching_week_of(term: Term, on: date) -> int | None:
    """Return the teaching week number of a date, or None outside the term."""
    if on < term.first_monday or on > term.last_day:
        return None
    return (on - term.first_monday).days // 7 + 1


def school_day(term: Term | None, on: date) -> SchoolDay:
    """Say which teaching week `on` is in and which weekday's timetable it follows."""
    week = teaching_week_of(term, on) if term else None
    if week is None:
        return SchoolDay(on, None, None, None)
    for makeup in term.makeup_days:
        if makeup.on == on:
            return SchoolDay(on, term, week, makeup.follows_weekday, makeup=True)
    for holiday in term.holidays:
        if holiday.starts_on <= on <= holiday.ends_on:
            return SchoolDay(on, term, week, None, holiday=holiday.name)
    return SchoolDay(on, term, week, on.isoweekday())


def term_on(school_id: int, on: date) -> Term | None:
    """Return the school's term that contains the date, if any."""
    # The term's few holidays and make-up days come in the same statement: school_day reads them.
    terms = db.session.scalars(
        db.select(Term).where(Term.school_id == school_id, Term.first_monday <= on)
        .options(joinedload(Term.makeup_days), joinedload(Term.holidays))
        .order_by(Term.first_monday.desc()).limit(2)).unique()
    return next((t for t in terms if teaching_week_of(t, on) is not None), None)


def overlaps(term: Term, others: list[Term]) -> Term | None:
    """Return another term whose dates overlap this one's, if any."""
    start, end = term.first_monday, term.last_day
    return next((o for o in others if o is not term and o.id != term.id
                 and o.first_monday <= end and start <= o.last_day), None)
