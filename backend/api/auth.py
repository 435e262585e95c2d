"""Sign in, sign out, CSRF token and password change."""
from flask import request, session
from flask_login import current_user, login_required, login_user, logout_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts import throttle
from backend.accounts.auth import csrf_token
from backend.accounts.models import Staff
from backend.accounts.passwords import check_password, hash_password, password_problem
from backend.accounts.sessions import end_other_sessions, end_session, start_session
from backend.api.me import MeOut, me_payload
from backend.errors import ApiError
from backend.extensions import db
from backend.org.models import School

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1/auth", description="登录与会话")


class LoginIn(Schema):
    login = fields.String(required=True, validate=validate.Length(1, 60),
                          metadata={"description": "工号或手机号"})
    password = fields.String(required=True, validate=validate.Length(1, 200))
    school = fields.String(load_default=None,
                           metadata={"description": "学校代码，仅当工号在多所学校重复时需要"})


class PasswordIn(Schema):
    current_password = fields.String(required=True)
    new_password = fields.String(required=True)


class CsrfOut(Schema):
    csrf_token = fields.String(required=True)


def _find_staff(login: str, school_code: str | None) -> list[Staff]:
    query = db.select(Staff).where(
        Staff.active.is_(True), (Staff.staff_no == login) | (Staff.phone == login))
    if school_code:
        query = query.join(School, School.id == Staff.school_id).where(School.code == school_code)
    return list(db.session.scalars(query))


@bp.post("/login")
@bp.arguments(LoginIn)
@bp.response(200, MeOut)
def login(data):
    """Sign in with 工号 or phone number and password."""
    login_name = data["login"].strip()
    key = f"{(data['school'] or '').lower()}|{login_name.lower()}"
    locked = throttle.seconds_locked(key)
    if locked:
        raise ApiError(429, "locked", f"密码错误次数过多，请 {max(1, locked // 60)} 分钟后再试")
    matches = _find_staff(login_name, data["school"])
    if len({m.school_id for m in matches}) > 1:
        raise ApiError(400, "school_required", "该工号在多所学校存在，请同时填写学校代码")
    staff = matches[0] if matches else None
    if staff is None or not check_password(staff.password_hash, data["password"]):
        throttle.record_failure(key)
        db.session.commit()
        raise ApiError(401, "bad_credentials", "工号/手机号或密码不正确")
    throttle.clear(key)
    session.clear()
    session.permanent = True
    session["sid"] = start_session(staff, request.user_agent.string or "")
    login_user(staff)
    db.session.commit()
    return me_payload(staff)


@bp.post("/logout")
@bp.response(204)
def logout():
    """Sign out and end this session on the server."""
    end_session(session.get("sid"))
    db.session.commit()
    logout_user()
    session.clear()


@bp.get("/csrf")
@bp.response(200, CsrfOut)
def csrf():
    """Return the CSRF token to send as X-CSRF-Token with every write."""
    return {"csrf_token": csrf_token()}


@bp.post("/password")
@login_required
@bp.arguments(PasswordIn)
@bp.response(200, MeOut)
def password(data):
    """Change my password; every other session of mine is signed out."""
    if not check_password(current_user.password_hash, data["current_password"]):
        raise ApiError(422, "validation_error", "当前密码不正确",
                       {"current_password": ["当前密码不正确"]})
    problem = password_problem(data["new_password"], staff_no=current_user.staff_no,
                               phone=current_user.phone)
    if problem is None and data["new_password"] == data["current_password"]:
        problem = "新密码不能与当前密码相同"
    if problem:
        raise ApiError(422, "validation_error", problem, {"new_password": [problem]})
    current_user.password_hash = hash_password(data["new_password"])
    current_user.must_change_password = False
    end_other_sessions(current_user, keep_token=session.get("sid"))
    db.session.commit()
    return me_payload(current_user)
