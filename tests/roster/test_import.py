"""Importing the school's own spreadsheets: all-or-nothing, idempotent, forgiving of format."""
import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from backend.accounts.models import Staff
from backend.extensions import db
from backend.org.models import ClassGroup, Period, TeachingAssignment, TeachingGroup, TimetableSlot
from backend.roster.service import run_import
from tests.factories import create_school

SAMPLES = Path(__file__).resolve().parents[2] / "backend" / "demo"
STAFF_HEADER = "工号,姓名,性别,手机号,学科,教研组,角色,任教班级\n"


def sample(name: str) -> bytes:
    return (SAMPLES / f"demo_school_{name}.csv").read_bytes()


def xlsx(content: bytes) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        sheet.append([int(c) if c.isdigit() and len(c) < 3 else c for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def school(app):
    return create_school()


def import_all(school, **kw):
    return [run_import(kind, school, f"{kind}.csv", sample(name), **kw)
            for kind, name in [("periods", "periods"), ("staff", "teachers"),
                               ("timetable", "timetable")]]


def test_sample_files_import(school):
    periods, staff, timetable = import_all(school)
    assert (periods.created, staff.created, timetable.created) == (7, 32, 400)
    assert all(r.applied and not r.errors for r in (periods, staff, timetable))
    head = db.session.scalar(db.select(Staff).where(Staff.staff_no == "T1002"))
    assert head.roles == ["group_head", "teacher"]
    assert db.session.get(TeachingGroup, head.teaching_group_id).name == "语文组"
    principal = db.session.scalar(db.select(Staff).where(Staff.staff_no == "T1007"))
    assert (principal.title, principal.roles) == ("校长", ["leader", "teacher"])
    dean = db.session.scalar(db.select(Staff).where(Staff.staff_no == "T1013"))
    assert "admin" in dean.roles and "leader" in dean.roles
    assert count(ClassGroup) == 12
    assert principal.must_change_password


def test_reimport_changes_nothing(school):
    import_all(school)
    again = import_all(school)
    assert [(r.created, r.updated, r.deleted) for r in again] == [(0, 0, 0)] * 3
    assert [r.unchanged for r in again] == [7, 32, 400]


def test_gbk_and_bom_and_xlsx_read_the_same(school):
    text = sample("teachers").decode("utf-8")
    for name, content in [("gbk.csv", text.encode("gbk")), ("bom.csv", b"\xef\xbb\xbf" + text.encode()),
                          ("staff.xlsx", xlsx(text.encode()))]:
        result = run_import("staff", school, name, content)
        assert not result.errors, name
    assert count(Staff) == 32
    periods = run_import("periods", school, "p.xlsx", xlsx(sample("periods")))
    assert periods.created == 7 and not periods.errors
    first = db.session.scalar(db.select(Period).where(Period.number == 1))
    assert first.starts_at.strftime("%H:%M") == "08:00"


def test_bad_rows_reported_and_nothing_imported(school):
    content = (STAFF_HEADER +
               "T1,张三,男,13800000001,语文,语文组,教师,七年级(1)班\n"
               "\n"
               "T2,,女,13800000002,语文,语文组,教师,\n"
               "T3,李四,女,123,语文,语文组,教师,\n"
               "T4,王五,男,,数学,数学组,班主任,\n"
               "T1,赵六,男,,数学,数学组,教师,\n"
               "T5,钱七,男,,数学,数学组,教师,七年级3班\n").encode()
    result = run_import("staff", school, "s.csv", content)
    assert not result.applied
    assert [e.row for e in result.errors] == [4, 5, 6, 7, 8]  # the blank line keeps its number
    reasons = " ".join(e.reason for e in result.errors)
    for expected in ("姓名为空", "123", "班主任", "与第 2 行重复", "七年级3班"):
        assert expected in reasons
    assert count(Staff) == 0 and count(ClassGroup) == 0


def test_skip_bad_rows_imports_the_good_ones(school):
    content = (STAFF_HEADER + "T1,张三,男,,语文,语文组,教师,\nT2,,女,,语文,语文组,教师,\n").encode()
    result = run_import("staff", school, "s.csv", content, skip_bad_rows=True)
    assert result.applied and (result.created, result.skipped) == (1, 1)
    assert count(Staff) == 1


def test_dry_run_reports_counts_and_changes_nothing(school):
    result = run_import("staff", school, "s.csv", sample("teachers"), dry_run=True)
    assert (result.created, result.applied, result.dry_run) == (32, False, True)
    assert count(Staff) == 0


def test_same_name_told_apart_by_staff_no_and_messy_formatting(school):
    content = (STAFF_HEADER +
               " T1 , 王芳 ,女, 138 0000 0001 ,语文,语文组,教师,七年级（1）班、七年级(2)班\n"
               "T2,王芳,女,13800000002,数学,数学组,教研组长,\"七年级(1)班, 八年级（３）班；初一(4)班\"\n").encode()
    result = run_import("staff", school, "s.csv", content)
    assert not result.errors and result.created == 2
    both = db.session.scalars(db.select(Staff).where(Staff.name == "王芳").order_by(Staff.staff_no)).all()
    assert [s.staff_no for s in both] == ["T1", "T2"]
    assert both[0].phone == "13800000001"
    names = set(db.session.scalars(db.select(ClassGroup.name)))
    assert names == {"七年级(1)班", "七年级(2)班", "八年级(3)班", "七年级(4)班"}
    assert count(TeachingAssignment) == 5


def test_reimport_updates_changed_person(school):
    run_import("staff", school, "s.csv", (STAFF_HEADER + "T1,张三,男,,语文,语文组,教师,\n").encode())
    result = run_import("staff", school, "s.csv",
                        (STAFF_HEADER + "T1,张三,男,,语文,语文组,教研组长,\n").encode())
    assert (result.updated, result.created) == (1, 0)
    assert db.session.scalar(db.select(Staff)).roles == ["group_head", "teacher"]


def test_timetable_needs_known_teachers_and_periods(school):
    result = run_import("timetable", school, "t.csv", sample("timetable"))
    assert not result.applied and "作息时间" in result.errors[0].reason
    run_import("periods", school, "p.csv", sample("periods"))
    run_import("staff", school, "s.csv", sample("teachers"))
    content = ("班级,星期,节次,学科,教师工号,教师,教室\n"
               "七年级(1)班,一,1,语文,T1001,邱欣怡,七1\n"
               "七年级(1)班,周一,1,数学,T1007,马霞,七1\n"
               "七年级(1)班,八,2,数学,T1007,马霞,七1\n"
               "七年级(1)班,二,9,数学,T1007,马霞,七1\n"
               "七年级(1)班,三,1,数学,T9999,马霞,七1\n"
               "七年级(1)班,四,1,数学,T1007,邱欣怡,七1\n").encode()
    result = run_import("timetable", school, "t.csv", content)
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 7]
    assert count(TimetableSlot) == 0


def test_timetable_reimport_replaces_slots_of_named_classes(school):
    import_all(school)
    content = ("班级,星期,节次,学科,教师工号,教师,教室\n"
               "七年级(1)班,一,1,语文,T1001,邱欣怡,七1教室\n").encode()
    of_class = sample("timetable").decode().count("七年级(1)班,")
    result = run_import("timetable", school, "t.csv", content)
    assert (result.updated, result.deleted) == (1, of_class - 1)
    assert count(TimetableSlot) == 400 - (of_class - 1)


def test_unreadable_files(school):
    assert "表头缺少列" in run_import("staff", school, "s.csv", "名字\n张三\n".encode()).errors[0].reason
    assert "编码" in run_import("staff", school, "s.csv", b"\xff\xfe\x00\x81\xff").errors[0].reason
    assert ".xlsx" in run_import("staff", school, "s.xlsx", b"PK\x03\x04broken").errors[0].reason
    assert "空" in run_import("staff", school, "s.csv", b"").errors[0].reason


def test_cli_import(runner, school, tmp_path):
    path = tmp_path / "periods.csv"
    path.write_bytes(sample("periods"))
    result = runner.invoke(args=["roster", "import", "periods", str(path), "--school", school.code])
    assert result.exit_code == 0, result.output
    assert "新增 7" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("节次,开始,结束\n1,08:00,07:00\n", encoding="utf-8")
    result = runner.invoke(args=["roster", "import", "periods", str(bad), "--school", school.code])
    assert result.exit_code == 1 and "第 2 行" in result.output
