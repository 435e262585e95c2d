"""Teaching weeks and the timetable day a date follows."""
from datetime import date

import pytest

from backend.org.calendar import school_day, teaching_week_of, term_on, week_bounds
from tests.factories import create_school, create_term


@pytest.fixture
def term(app):
    return create_term(create_school())


@pytest.mark.parametrize("on, week", [
    (date(2026, 8, 30), None),   # the Sunday before the term
    (date(2026, 8, 31), 1),      # first Monday
    (date(2026, 9, 6), 1),       # Sunday closes week 1
    (date(2026, 9, 7), 2),
    (date(2026, 9, 27), 4),      # a make-up Sunday still belongs to its Monday's week
    (date(2026, 10, 5), 6),      # holiday weeks keep their number
    (date(2027, 1, 17), 20),     # last day of week 20
    (date(2027, 1, 18), None),   # after the term
])
def test_teaching_week_numbering(term, on, week):
    assert teaching_week_of(term, on) == week


def test_week_bounds_are_monday_to_sunday(term):
    assert week_bounds(term, 6) == (date(2026, 10, 5), date(2026, 10, 11))


def test_holiday_has_no_timetable(term):
    day = school_day(term, date(2026, 10, 2))  # a Friday in 国庆
    assert (day.week, day.timetable_weekday, day.holiday) == (5, None, "国庆节")


def test_makeup_day_follows_named_weekday(term):
    sunday = school_day(term, date(2026, 9, 27))
    saturday = school_day(term, date(2026, 10, 10))
    assert (sunday.week, sunday.timetable_weekday, sunday.makeup) == (4, 3, True)
    assert (saturday.week, saturday.timetable_weekday) == (6, 4)


def test_ordinary_days(term):
    assert school_day(term, date(2026, 10, 8)).timetable_weekday == 4  # Thursday after 国庆
    assert school_day(term, date(2026, 10, 11)).timetable_weekday == 7  # a plain Sunday
    assert school_day(None, date(2026, 10, 8)).week is None


def test_term_on_picks_the_term_containing_the_date(app):
    school = create_school()
    autumn = create_term(school)
    spring = create_term(school, first_monday=date(2027, 2, 22), with_national_day=False)
    assert term_on(school.id, date(2026, 11, 23)) is autumn
    assert term_on(school.id, date(2027, 3, 1)) is spring
    assert term_on(school.id, date(2027, 2, 1)) is None  # winter holiday
