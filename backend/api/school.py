"""Classes, grades, subjects, teaching groups and the period schedule."""
from flask_login import login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts.models import Staff
from backend.api.access import get_in_school, roles_required, school_id
from backend.errors import ApiError
from backend.extensions import db
from backend.org.models import ClassGroup, Grade, Period, Subject, TeachingGroup
from backend.org.services import SchoolDirectory

bp = Blueprint("api_school", __name__, url_prefix="/api/v1", description="班级、学科、教研组、作息")


class GradeOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    rank = fields.Integer(required=True)


class ClassOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    number = fields.Integer(required=True)
    grade = fields.Nested(GradeOut, required=True)
    room = fields.String(required=True)
    floor = fields.String(required=True)


class ClassIn(Schema):
    name = fields.String(required=True, metadata={"description": "如 七年级(3)班"})
    room = fields.String(load_default="", validate=validate.Length(0, 40))
    floor = fields.String(load_default="", validate=validate.Length(0, 20),
                          metadata={"description": "楼层或楼栋，巡课时按它分组"})


class NamedOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class GroupOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    heads = fields.List(fields.Nested(NamedOut), required=True,
                        metadata={"description": "组内有教研组长角色的成员"})


class GroupIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 40))


class PeriodOut(Schema):
    number = fields.Integer(required=True)
    label = fields.String(required=True)
    starts_at = fields.Time(required=True, format="%H:%M")
    ends_at = fields.Time(required=True, format="%H:%M")


def _in_school(model, **order):
    return db.session.scalars(db.select(model).where(model.school_id == school_id()).order_by(
        *order.values()))


@bp.get("/grades")
@login_required
@bp.response(200, GradeOut(many=True))
def list_grades():
    """List the school's grades in order."""
    return _in_school(Grade, by=Grade.rank)


@bp.get("/subjects")
@login_required
@bp.response(200, NamedOut(many=True))
def list_subjects():
    """List the school's subjects."""
    return _in_school(Subject, by=Subject.id)


@bp.get("/classes")
@login_required
@bp.response(200, ClassOut(many=True))
def list_classes():
    """List the school's classes by grade."""
    return db.session.scalars(
        db.select(ClassGroup).join(Grade).where(ClassGroup.school_id == school_id())
        .order_by(Grade.rank, ClassGroup.number))


@bp.post("/classes")
@roles_required("admin")
@bp.arguments(ClassIn)
@bp.response(201, ClassOut)
def create_class(data):
    """Add a class, e.g. 七年级(5)班."""
    directory = SchoolDirectory(school_id())
    if db.session.scalar(db.select(ClassGroup).where(
            ClassGroup.school_id == school_id(), ClassGroup.name == data["name"])):
        raise ApiError(409, "conflict", f"班级 {data['name']} 已存在")
    class_group = directory.class_group(data["name"])
    if class_group is None:
        raise ApiError(422, "validation_error", "班级名应写成 七年级(3)班 这样的格式",
                       {"name": ["班级名应写成 七年级(3)班 这样的格式"]})
    class_group.room, class_group.floor = data["room"], data["floor"]
    db.session.commit()
    return class_group


@bp.patch("/classes/<int:class_id>")
@roles_required("admin")
@bp.arguments(ClassIn(partial=True, only=("room", "floor")))
@bp.response(200, ClassOut)
def update_class(data, class_id):
    """Change a class's room or floor."""
    class_group = get_in_school(ClassGroup, class_id)
    for attr, value in data.items():
        setattr(class_group, attr, value)
    db.session.commit()
    return class_group


def _with_heads(groups: list[TeachingGroup]) -> list[dict]:
    heads: dict[int, list[Staff]] = {}
    for staff in db.session.scalars(
            db.select(Staff).where(Staff.school_id == school_id(),
                                   Staff.role_rows.any(role="group_head")).order_by(Staff.staff_no)):
        heads.setdefault(staff.teaching_group_id, []).append(staff)
    return [{"id": g.id, "name": g.name, "heads": heads.get(g.id, [])} for g in groups]


@bp.get("/groups")
@login_required
@bp.response(200, GroupOut(many=True))
def list_groups():
    """List the teaching-research groups (教研组) with their heads."""
    return _with_heads(list(_in_school(TeachingGroup, by=TeachingGroup.id)))


@bp.post("/groups")
@roles_required("admin")
@bp.arguments(GroupIn)
@bp.response(201, GroupOut)
def create_group(data):
    """Add a teaching-research group."""
    group = TeachingGroup(school_id=school_id(), **data)
    db.session.add(group)
    db.session.commit()
    return _with_heads([group])[0]


@bp.patch("/groups/<int:group_id>")
@roles_required("admin")
@bp.arguments(GroupIn)
@bp.response(200, GroupOut)
def update_group(data, group_id):
    """Rename a group (its heads are set by giving members the group_head role)."""
    group = get_in_school(TeachingGroup, group_id)
    group.name = data["name"]
    db.session.commit()
    return _with_heads([group])[0]


@bp.get("/periods")
@login_required
@bp.response(200, PeriodOut(many=True))
def list_periods():
    """List the daily period schedule."""
    return _in_school(Period, by=Period.starts_at)
