"""Import the staff list: matched by 工号, so two people may share a name."""
import re

from backend.accounts.models import Staff
from backend.accounts.passwords import hash_password
from backend.extensions import db
from backend.org.models import TeachingAssignment
from backend.org.services import SchoolDirectory
from backend.roster.names import split_list
from backend.roster.result import ImportResult

HEADERS = ["工号", "姓名", "性别", "手机号", "学科", "教研组", "角色", "任教班级"]
REQUIRED = ["工号", "姓名"]
# 角色 as schools write it → (roles in Xunke, counts as a 职务 title)
ROLE_NAMES = {
    "校长": ({"leader"}, True), "书记": ({"leader"}, True), "副校长": ({"leader"}, True),
    "教导主任": ({"leader", "admin"}, True), "教务主任": ({"leader", "admin"}, True),
    "教导处": ({"admin"}, True), "教务员": ({"admin"}, True), "管理员": ({"admin"}, True),
    "德育主任": ({"leader"}, True), "政教主任": ({"leader"}, True), "总务主任": ({"leader"}, True),
    "办公室主任": ({"leader"}, True), "年级主任": ({"leader"}, True), "值周领导": ({"leader"}, True),
    "教研组长": ({"group_head"}, False), "备课组长": ({"group_head"}, False),
    "教师": ({"teacher"}, False),
}
PHONE = re.compile(r"^1\d{10}$")
STAFF_NO = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _parse_row(row: dict, directory: SchoolDirectory) -> tuple[dict | None, str | None]:
    staff_no, name = row.get("工号", ""), row.get("姓名", "")
    if not STAFF_NO.match(staff_no):
        return None, "工号为空或含有字母、数字以外的字符"
    if not name:
        return None, "姓名为空"
    gender = row.get("性别", "")
    if gender not in ("", "男", "女"):
        return None, f"性别“{gender}”只能是 男 或 女"
    phone = row.get("手机号", "").replace(" ", "").replace("-", "") or None
    if phone and not PHONE.match(phone):
        return None, f"手机号“{phone}”不是 11 位手机号"
    roles, title = set(), ""
    for role_name in split_list(row.get("角色", "")) or ["教师"]:
        if role_name not in ROLE_NAMES:
            return None, f"角色“{role_name}”无法识别（可用：{'、'.join(ROLE_NAMES)}）"
        granted, is_title = ROLE_NAMES[role_name]
        roles |= granted
        if is_title and not title:
            title = role_name
    classes = []
    for class_text in split_list(row.get("任教班级", "")):
        class_group = directory.class_group(class_text)
        if class_group is None:
            return None, f"任教班级“{class_text}”不是有效的班级名（例：七年级(3)班）"
        classes.append(class_group)
    subject = row.get("学科", "")
    if subject or classes:
        roles.add("teacher")
    return {"staff_no": staff_no, "name": name, "gender": gender, "phone": phone,
            "title": title, "roles": roles, "subject": subject,
            "group": row.get("教研组", ""), "classes": classes}, None


def _apply(staff: Staff, data: dict, directory: SchoolDirectory) -> bool:
    """Bring staff in line with the row; return whether anything changed."""
    subject_id = directory.subject(data["subject"]).id if data["subject"] else None
    group = directory.group(data["group"]) if data["group"] else None
    wanted = {"name": data["name"], "gender": data["gender"], "phone": data["phone"],
              "title": data["title"], "subject_id": subject_id,
              "teaching_group_id": group.id if group else None}
    changed = False
    for attr, value in wanted.items():
        if getattr(staff, attr) != value:
            setattr(staff, attr, value)
            changed = True
    if set(staff.roles) != data["roles"]:
        staff.set_roles(data["roles"])
        changed = True
    have = {a.class_group_id: a for a in db.session.scalars(
        db.select(TeachingAssignment).where(TeachingAssignment.staff_id == staff.id))}
    want = {c.id for c in data["classes"]}
    for class_id in want - have.keys():
        db.session.add(TeachingAssignment(staff_id=staff.id, class_group_id=class_id))
        changed = True
    for class_id in have.keys() - want:
        db.session.delete(have[class_id])
        changed = True
    return changed


def import_staff(school, rows, result: ImportResult, initial_password: str | None) -> None:
    """Create or update staff from parsed rows; bad rows go to result.errors."""
    directory = SchoolDirectory(school.id)
    parsed, seen_no, seen_phone = [], {}, {}
    for number, row in rows:
        data, problem = _parse_row(row, directory)
        if data and data["staff_no"] in seen_no:
            problem = f"工号 {data['staff_no']} 与第 {seen_no[data['staff_no']]} 行重复"
        elif data and data["phone"] and data["phone"] in seen_phone:
            problem = f"手机号与第 {seen_phone[data['phone']]} 行重复"
        if problem:
            result.error(number, problem)
            continue
        seen_no[data["staff_no"]] = number
        if data["phone"]:
            seen_phone[data["phone"]] = number
        parsed.append((number, data))
    existing = {s.staff_no: s for s in db.session.scalars(
        db.select(Staff).where(Staff.school_id == school.id))}
    for number, data in parsed:
        staff = existing.get(data["staff_no"])
        owner = data["phone"] and db.session.scalar(db.select(Staff).where(Staff.phone == data["phone"]))
        if owner and owner is not staff:
            result.error(number, f"手机号已属于 {owner.name}（工号 {owner.staff_no}）")
            continue
        if staff is None:
            password = initial_password or (data["phone"] or data["staff_no"])[-6:]
            staff = Staff(school_id=school.id, district_id=school.district_id,
                          staff_no=data["staff_no"], name=data["name"],
                          password_hash=hash_password(password), must_change_password=True)
            db.session.add(staff)
            db.session.flush()
            _apply(staff, data, directory)
            result.count("created")
        else:
            result.count("updated" if _apply(staff, data, directory) else "unchanged")
        db.session.flush()
