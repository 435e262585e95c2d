"""Who may do what: role checks and loaders that keep every read inside one school."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from backend.extensions import db


def roles_required(*roles: str):
    """Let the view run only for a signed-in person holding one of roles."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403, description="你的角色没有权限执行此操作")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def school_id() -> int:
    """Return the signed-in person's school, or 403 for district-level accounts."""
    if current_user.school_id is None:
        abort(403, description="该操作需要学校账号")
    return current_user.school_id


def get_in_school(model, record_id: int):
    """Load a record of the signed-in person's school, or 404 (never reveal other schools)."""
    record = db.session.get(model, record_id)
    if record is None or record.school_id != school_id():
        abort(404, description="找不到该记录")
    return record
