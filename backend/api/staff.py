"""Staff list and editing (the office edits; everyone in the school may look people up)."""
from flask import session
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts.models import ROLES, Staff
from backend.accounts.passwords import hash_password, password_problem
from backend.accounts.sessions import end_other_sessions
from backend.api.access import get_in_school, roles_required, school_id
from backend.errors import ApiError
from backend.extensions import db
from backend.org.models import TeachingGroup
from backend.org.services import SchoolDirectory
from backend.roster.staff import PHONE, STAFF_NO

bp = Blueprint("api_staff", __name__, url_prefix="/api/v1/staff", description="教职工")


def _visible_phone(staff: Staff):
    return staff.phone if current_user.has_role("admin", "leader") else None


class StaffOut(Schema):
    id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    gender = fields.String(required=True)
    phone = fields.Function(_visible_phone, allow_none=True,
                            metadata={"description": "仅教导处和校领导可见"})
    title = fields.String(required=True)
    subject = fields.Function(lambda s: s.subject.name if s.subject else None, allow_none=True)
    teaching_group_id = fields.Integer(allow_none=True, required=True)
    roles = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)
    must_change_password = fields.Boolean(required=True)


class StaffIn(Schema):
    staff_no = fields.String(required=True, validate=validate.Regexp(STAFF_NO.pattern, error="工号只能含字母、数字、- 和 _"))
    name = fields.String(required=True, validate=validate.Length(1, 40))
    gender = fields.String(load_default="", validate=validate.OneOf(["", "男", "女"]))
    phone = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(PHONE.pattern, error="需要 11 位手机号"))
    title = fields.String(load_default="", validate=validate.Length(0, 20))
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 20))
    teaching_group_id = fields.Integer(load_default=None, allow_none=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=["teacher"])
    active = fields.Boolean(load_default=True)
    initial_password = fields.String(load_default=None, allow_none=True,
                                     metadata={"description": "新账号的初始密码；首次登录须修改"})


class StaffQuery(Schema):
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    teaching_group_id = fields.Integer(load_default=None)
    active = fields.Boolean(load_default=None, allow_none=True)


class PasswordResetIn(Schema):
    new_password = fields.String(required=True, metadata={
        "description": "临时密码，规则与本人修改密码相同（至少 8 位等）"})


def _apply(staff: Staff, data: dict) -> None:
    if "teaching_group_id" in data and data["teaching_group_id"] is not None:
        get_in_school(TeachingGroup, data["teaching_group_id"])
    if data.get("subject"):
        staff.subject_id = SchoolDirectory(staff.school_id).subject(data["subject"]).id
    elif "subject" in data:
        staff.subject_id = None
    for attr in ("staff_no", "name", "gender", "phone", "title", "teaching_group_id", "active"):
        if attr in data:
            setattr(staff, attr, data[attr])
    if "roles" in data:
        if staff.id == current_user.id and "admin" not in data["roles"]:
            raise ApiError(422, "validation_error", "不能取消自己的教导处管理权限",
                           {"roles": ["不能取消自己的 admin 角色"]})
        staff.set_roles(data["roles"])


@bp.get("")
@login_required
@bp.arguments(StaffQuery, location="query")
@bp.response(200, StaffOut(many=True))
def list_staff(query):
    """List the school's staff, filtered by role, group or status."""
    select = db.select(Staff).where(Staff.school_id == school_id()).order_by(Staff.staff_no)
    if query["role"]:
        select = select.where(Staff.role_rows.any(role=query["role"]))
    if query["teaching_group_id"]:
        select = select.where(Staff.teaching_group_id == query["teaching_group_id"])
    if query["active"] is not None:
        select = select.where(Staff.active.is_(query["active"]))
    return db.session.scalars(select)


@bp.post("")
@roles_required("admin")
@bp.arguments(StaffIn)
@bp.response(201, StaffOut)
def create_staff(data):
    """Add a staff member; they change the initial password at first sign-in."""
    password = data.pop("initial_password") or (data["phone"] or data["staff_no"])[-6:]
    staff = Staff(school_id=school_id(), district_id=current_user.district_id,
                  password_hash=hash_password(password), must_change_password=True)
    db.session.add(staff)
    _apply(staff, data)
    db.session.commit()
    return staff


@bp.get("/<int:staff_id>")
@login_required
@bp.response(200, StaffOut)
def get_staff(staff_id):
    """Return one staff member."""
    return get_in_school(Staff, staff_id)


@bp.patch("/<int:staff_id>")
@roles_required("admin")
@bp.arguments(StaffIn(partial=True, exclude=("initial_password",)))
@bp.response(200, StaffOut)
def update_staff(data, staff_id):
    """Edit a staff member; setting active false stops them signing in."""
    staff = get_in_school(Staff, staff_id)
    _apply(staff, data)
    if staff.active is False:
        end_other_sessions(staff)
    db.session.commit()
    return staff


@bp.post("/<int:staff_id>/password-reset")
@roles_required("admin")
@bp.arguments(PasswordResetIn)
@bp.response(200, StaffOut)
def reset_password(data, staff_id):
    """Set a temporary password; the person must change it at next sign-in."""
    staff = get_in_school(Staff, staff_id)
    # The same rule as changing one's own password: a weak temporary password is as guessable
    # in the days before its owner signs in.
    problem = password_problem(data["new_password"], staff_no=staff.staff_no, phone=staff.phone)
    if problem:
        raise ApiError(422, "validation_error", problem, {"new_password": [problem]})
    staff.password_hash = hash_password(data["new_password"])
    staff.must_change_password = True
    end_other_sessions(staff, keep_token=session.get("sid") if staff.id == current_user.id else None)
    db.session.commit()
    return staff
