"""Load the demo school (城关镇第一初级中学): calendar, roster, timetable and accounts."""
from datetime import date
from pathlib import Path

from backend.accounts.models import Staff
from backend.accounts.passwords import hash_password
from backend.extensions import db
from backend.org.models import District, Holiday, MakeupDay, School, Term
from backend.roster.service import run_import
from backend.rubrics.models import Rubric
from backend.rubrics.services import install_templates

HERE = Path(__file__).parent
PASSWORD = "xunke-demo"  # nosec B105  # the demo's published password (README)
SCHOOL_CODE = "demo"
# login → why it is listed in the README
ACCOUNTS = {"admin": "教导处", "T1007": "校长 马霞", "T1002": "语文教研组长 曹辉",
            "T1003": "语文教师 丁建国"}


def _school() -> School:
    school = db.session.scalar(db.select(School).where(School.code == SCHOOL_CODE))
    if school is None:
        district = District(name="示范县")
        school = School(district=district, code=SCHOOL_CODE, name="城关镇第一初级中学")
        db.session.add(school)
        db.session.flush()
    return school


def _terms(school: School) -> None:
    if db.session.scalar(db.select(Term).where(Term.school_id == school.id)):
        return
    autumn = Term(school_id=school.id, name="2026-2027学年第一学期",
                  first_monday=date(2026, 8, 31), week_count=20)
    autumn.holidays = [Holiday(name="国庆节", starts_on=date(2026, 10, 1),
                               ends_on=date(2026, 10, 7)),
                       Holiday(name="元旦", starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 1))]
    autumn.makeup_days = [MakeupDay(on=date(2026, 9, 27), follows_weekday=3, note="国庆调休"),
                          MakeupDay(on=date(2026, 10, 10), follows_weekday=4, note="国庆调休")]
    spring = Term(school_id=school.id, name="2026-2027学年第二学期",
                  first_monday=date(2027, 2, 22), week_count=20)
    db.session.add_all([autumn, spring])


def _office_account(school: School) -> None:
    staff = db.session.scalar(
        db.select(Staff).where(Staff.school_id == school.id, Staff.staff_no == "admin"))
    if staff is None:
        staff = Staff(school_id=school.id, district_id=school.district_id, staff_no="admin",
                      name="教导处", title="教务员")
        db.session.add(staff)
    staff.set_roles({"admin"})


def _rubrics(school: School) -> None:
    if not db.session.scalar(db.select(Rubric.id).where(Rubric.school_id == school.id)):
        install_templates(school.id)


def load_demo() -> School:
    """Create or refresh the demo school; safe to run again."""
    school = _school()
    _terms(school)
    _rubrics(school)
    for kind, name in [("periods", "demo_school_periods.csv"), ("staff", "demo_school_teachers.csv"),
                       ("timetable", "demo_school_timetable.csv")]:
        result = run_import(kind, school, name, (HERE / name).read_bytes())
        if not result.applied:
            raise RuntimeError(f"demo {kind} import failed: {result.errors}")
    _office_account(school)
    demo_hash = hash_password(PASSWORD)
    for staff in db.session.scalars(db.select(Staff).where(Staff.school_id == school.id)):
        staff.password_hash, staff.must_change_password = demo_hash, False
    db.session.flush()
    return school
