"""Wire Flask-Login to server-side sessions, and guard cookie sessions against CSRF."""
import hmac
import secrets

from flask import Flask, abort, request, session
from flask_login import current_user

from backend.extensions import login_manager
from backend.accounts.sessions import staff_for_session
from backend.errors import ApiError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"
# Reachable while a first-login password change is pending.
PASSWORD_CHANGE_ALLOWED = {"api_auth.password", "api_auth.logout", "api_auth.csrf", "api_me.me"}


def csrf_token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def init_app(app: Flask) -> None:
    @login_manager.user_loader
    def load_user(user_id: str):
        return staff_for_session(int(user_id), session.get("sid"))

    @login_manager.unauthorized_handler
    def unauthorized():
        abort(401, description="请先登录")

    @app.before_request
    def guard_api():
        if not request.path.startswith("/api/"):
            return
        if not current_user.is_authenticated:
            return
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent, session.get("csrf", "")):
                raise ApiError(403, "csrf_failed", "页面已过期（CSRF 校验失败），请刷新后重试")
        if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ALLOWED:
            raise ApiError(403, "password_change_required", "首次登录请先修改密码")
