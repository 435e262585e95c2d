"""The signed-in person."""
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.accounts.auth import csrf_token
from backend.accounts.models import Staff

bp = Blueprint("api_me", __name__, url_prefix="/api/v1", description="当前用户")


class SchoolOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    timezone = fields.String(required=True)


class MeOut(Schema):
    id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    title = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    school = fields.Nested(SchoolOut, allow_none=True, required=True)
    teaching_group_id = fields.Integer(allow_none=True, required=True)
    must_change_password = fields.Boolean(required=True)
    csrf_token = fields.String(required=True)


def me_payload(staff: Staff) -> dict:
    return {
        "id": staff.id, "staff_no": staff.staff_no, "name": staff.name, "title": staff.title,
        "roles": staff.roles, "school": staff.school,
        "teaching_group_id": staff.teaching_group_id,
        "must_change_password": staff.must_change_password, "csrf_token": csrf_token(),
    }


@bp.get("/me")
@login_required
@bp.response(200, MeOut)
def me():
    """Return who I am, my school and my roles."""
    return me_payload(current_user)
