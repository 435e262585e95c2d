"""Fixture factories: make exactly the records a test needs."""
from datetime import date, time
from itertools import count

from backend.accounts.models import Staff
from backend.accounts.passwords import hash_password
from backend.extensions import db
from backend.org.models import (District, Holiday, MakeupDay, Period, School, Subject,
                                TeachingGroup, Term, TimetableSlot)
from backend.org.services import SchoolDirectory
from tests.client import PASSWORD

_seq = count(1)


def create_school(code: str | None = None, name: str = "测试中学") -> School:
    n = next(_seq)
    school = School(district=District(name=f"测试县{n}"), code=code or f"s{n}", name=name)
    db.session.add(school)
    db.session.flush()
    return school


def create_staff(school: School, roles=("teacher",), *, staff_no: str | None = None,
                 name: str | None = None, phone: str | None = None, group: TeachingGroup | None = None,
                 password: str = PASSWORD, must_change: bool = False, **kw) -> Staff:
    n = next(_seq)
    staff = Staff(school_id=school.id, district_id=school.district_id,
                  staff_no=staff_no or f"T{n:04d}", name=name or f"教师{n}", phone=phone,
                  teaching_group_id=group.id if group else None,
                  password_hash=hash_password(password), must_change_password=must_change, **kw)
    staff.set_roles(roles)
    db.session.add(staff)
    db.session.flush()
    return staff


def create_group(school: School, name: str = "语文组") -> TeachingGroup:
    group = TeachingGroup(school_id=school.id, name=name)
    db.session.add(group)
    db.session.flush()
    return group


def create_term(school: School, first_monday=date(2026, 8, 31), weeks: int = 20,
                with_national_day: bool = True) -> Term:
    """The sample autumn term: 国庆 off, 9-27 follows Wednesday, 10-10 follows Thursday."""
    term = Term(school_id=school.id, name=f"学期{next(_seq)}", first_monday=first_monday,
                week_count=weeks)
    if with_national_day:
        term.holidays = [Holiday(name="国庆节", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 7))]
        term.makeup_days = [MakeupDay(on=date(2026, 9, 27), follows_weekday=3),
                            MakeupDay(on=date(2026, 10, 10), follows_weekday=4)]
    db.session.add(term)
    db.session.flush()
    return term


def create_periods(school: School) -> list[Period]:
    periods = [Period(school_id=school.id, number=n, label=f"第{n}节", starts_at=time(h, m),
                      ends_at=time(h, m + 45))
               for n, (h, m) in enumerate([(8, 0), (9, 0), (10, 10), (11, 5)], start=1)]
    db.session.add_all(periods)
    db.session.flush()
    return periods


def create_slot(school: School, teacher: Staff, class_name: str = "七年级(1)班", weekday: int = 1,
                period: int = 1, subject: str = "语文", room: str = "") -> TimetableSlot:
    directory = SchoolDirectory(school.id)
    slot = TimetableSlot(school_id=school.id, class_group_id=directory.class_group(class_name).id,
                         weekday=weekday, period_number=period,
                         subject_id=directory.subject(subject).id, teacher_id=teacher.id, room=room)
    db.session.add(slot)
    db.session.flush()
    return slot


def subject(school: School, name: str) -> Subject:
    return SchoolDirectory(school.id).subject(name)


def publish_rubric(school: School, template: str = "lesson_100"):
    """Publish a built-in template for the school and return its version."""
    from backend.rubrics.services import create_rubric, publish
    from backend.rubrics.templates import load_template

    rubric = create_rubric(school.id, load_template(template))
    return publish(rubric, None)


def full_marks(version) -> dict:
    """Answers giving every score item its maximum (the 100-point form → 100)."""
    answers = {}
    for section in version.definition["sections"]:
        for item in section["items"]:
            if item["type"] == "score":
                answers[item["key"]] = item["max"]
    return answers
