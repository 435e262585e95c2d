"""Import the daily period schedule (作息时间) and the weekly timetable (课表)."""
import re
from datetime import time

from backend.accounts.models import Staff
from backend.extensions import db
from backend.org.models import Period, TimetableSlot
from backend.org.services import SchoolDirectory
from backend.roster.names import WEEKDAYS, parse_weekday
from backend.roster.result import ImportResult

PERIOD_REQUIRED = ["节次", "开始", "结束"]
TIMETABLE_REQUIRED = ["班级", "星期", "节次", "学科", "教师工号"]
CLOCK = re.compile(r"^(\d{1,2})[:：](\d{2})(?::\d{2})?$")


def _clock(text: str) -> time | None:
    match = CLOCK.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _period_number(text: str) -> int | None:
    text = text.removeprefix("第").removesuffix("节")
    return int(text) if text.isdigit() and 1 <= int(text) <= 20 else None


def import_periods(school, rows, result: ImportResult) -> None:
    """Replace the period schedule with the file's rows."""
    wanted: dict[int, tuple[time, time, str]] = {}
    for number, row in rows:
        period = _period_number(row["节次"])
        starts, ends = _clock(row["开始"]), _clock(row["结束"])
        if period is None:
            result.error(number, f"节次“{row['节次']}”应为 1 到 20 的数字")
        elif starts is None or ends is None:
            result.error(number, "开始和结束时间应写成 08:00 这样的格式")
        elif ends <= starts:
            result.error(number, "结束时间应晚于开始时间")
        elif period in wanted:
            result.error(number, f"节次 {period} 重复")
        else:
            wanted[period] = (starts, ends, row.get("名称") or f"第{period}节")
    ordered = sorted(wanted.items())
    for (_, (_, ends, _)), (later, (starts, _, _)) in zip(ordered, ordered[1:]):
        if starts < ends:
            result.error(0, f"第{later}节的开始时间早于上一节的结束时间")
    existing = {p.number: p for p in db.session.scalars(
        db.select(Period).where(Period.school_id == school.id))}
    for period, (starts, ends, label) in ordered:
        row = existing.pop(period, None)
        if row is None:
            db.session.add(Period(school_id=school.id, number=period, label=label,
                                  starts_at=starts, ends_at=ends))
            result.count("created")
        elif (row.starts_at, row.ends_at, row.label) != (starts, ends, label):
            row.starts_at, row.ends_at, row.label = starts, ends, label
            result.count("updated")
        else:
            result.count("unchanged")
    if not result.errors:
        for row in existing.values():
            db.session.delete(row)
            result.count("deleted")
    db.session.flush()


def import_timetable(school, rows, result: ImportResult) -> None:
    """Replace the timetable of every class the file names with the file's slots."""
    directory = SchoolDirectory(school.id)
    periods = set(db.session.scalars(db.select(Period.number).where(Period.school_id == school.id)))
    if not periods:
        result.error(0, "请先导入作息时间（节次），再导入课表")
        return
    teachers = {s.staff_no: s for s in db.session.scalars(
        db.select(Staff).where(Staff.school_id == school.id))}
    wanted: dict[tuple[int, int, int], dict] = {}
    first_row: dict[tuple[int, int, int], int] = {}
    for number, row in rows:
        class_group = directory.class_group(row["班级"])
        weekday = parse_weekday(row["星期"])
        period = _period_number(row["节次"])
        teacher = teachers.get(row["教师工号"])
        if class_group is None:
            result.error(number, f"班级“{row['班级']}”不是有效的班级名（例：七年级(3)班）")
        elif weekday is None:
            result.error(number, f"星期“{row['星期']}”应为 {'、'.join(WEEKDAYS)} 之一")
        elif period is None or period not in periods:
            result.error(number, f"节次“{row['节次']}”不在作息时间里")
        elif not row["学科"]:
            result.error(number, "学科为空")
        elif teacher is None:
            result.error(number, f"教师工号“{row['教师工号']}”不在教师名单里，请先导入教师")
        elif row.get("教师") and row["教师"] != teacher.name:
            result.error(number, f"教师“{row['教师']}”与工号 {teacher.staff_no} 的 {teacher.name} 不符")
        elif (key := (class_group.id, weekday, period)) in wanted:
            result.error(number, f"{class_group.name} 星期{row['星期']} 第{period}节 与第 {first_row[key]} 行重复")
        else:
            wanted[key] = {"subject_id": directory.subject(row["学科"]).id,
                           "teacher_id": teacher.id, "room": row.get("教室", "")}
            first_row[key] = number
    class_ids = {key[0] for key in wanted}
    existing = {(s.class_group_id, s.weekday, s.period_number): s for s in db.session.scalars(
        db.select(TimetableSlot).where(TimetableSlot.class_group_id.in_(class_ids)))}
    for key, values in wanted.items():
        slot = existing.pop(key, None)
        if slot is None:
            db.session.add(TimetableSlot(school_id=school.id, class_group_id=key[0], weekday=key[1],
                                         period_number=key[2], **values))
            result.count("created")
        elif any(getattr(slot, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(slot, k, v)
            result.count("updated")
        else:
            result.count("unchanged")
    if not result.errors:
        for slot in existing.values():
            db.session.delete(slot)
            result.count("deleted")
    db.session.flush()
