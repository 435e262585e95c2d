"""One JSON error shape for the whole API: {code, error, message, errors?}."""
import re

from flask import Flask, current_app, jsonify, request
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from backend.extensions import db

MESSAGES = {
    400: "请求格式有误",
    401: "请先登录",
    403: "没有权限执行此操作",
    404: "找不到该记录",
    405: "不支持该请求方法",
    409: "与已有记录冲突",
    413: "文件太大",
    415: "不支持的文件类型",
    422: "提交的内容有误，请检查标出的字段",
    429: "请求太频繁，请稍后再试",
    500: "服务器出错了，请稍后再试",
}

CONFLICT = "与已有记录冲突（重复或仍被引用），未作修改"  # a unique or foreign key refused a write

# marshmallow's built-in messages, in the language the users read.
FIELD_MESSAGES = {
    "Missing data for required field.": "必填",
    "Unknown field.": "不认识的字段",
    "Not a valid integer.": "需要整数",
    "Not a valid number.": "需要数字",
    "Not a valid string.": "需要文字",
    "Not a valid boolean.": "需要 true 或 false",
    "Not a valid date.": "日期格式应为 YYYY-MM-DD",
    "Not a valid datetime.": "时间格式应为 ISO 8601，如 2026-09-01T08:10:00+08:00",
    "Not a valid time.": "时间格式应为 HH:MM",
    "Field may not be null.": "不能为空",
    "Not a valid list.": "需要列表",
    "Invalid input type.": "格式不对",
    "Not a valid mapping type.": "需要对象",
    "Invalid value.": "取值无效",
    "Invalid JSON body.": "请求内容不是有效的 JSON",
    "Not a valid URL.": "需要以 http:// 或 https:// 开头的网址",
}
# validate.Range's messages, where a schema gives none of its own.
RANGE_MESSAGES = (
    (re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\."),
     "应在 {} 到 {} 之间"),
    (re.compile(r"Must be greater than or equal to (\S+)\."), "应不小于 {}"),
    (re.compile(r"Must be less than or equal to (\S+)\."), "应不大于 {}"),
)


class ApiError(HTTPException):
    """An error with a stable machine-readable name for clients to act on."""

    def __init__(self, code: int, error: str, message: str, errors: dict | None = None):
        super().__init__(description=message)
        self.code, self.error, self.errors = code, error, errors


def _translate(messages):
    if isinstance(messages, dict):
        return {k: _translate(v) for k, v in messages.items()}
    if isinstance(messages, list):
        return [_translate(m) for m in messages]
    if isinstance(messages, str):
        if messages in FIELD_MESSAGES:
            return FIELD_MESSAGES[messages]
        if messages.startswith("Must be one of:"):
            return "只能是：" + messages.removeprefix("Must be one of:").strip().rstrip(".")
        for pattern, chinese in RANGE_MESSAGES:
            if found := pattern.fullmatch(messages):
                return chinese.format(*found.groups())
        return messages
    return messages


def error_response(code: int, error: str, message: str, errors=None):
    body = {"code": code, "error": error, "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), code


def _slug(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def handle_http_exception(exc: HTTPException):
    if not request.path.startswith("/api/"):
        return exc
    if isinstance(exc, ApiError):
        return error_response(exc.code, exc.error, exc.description, exc.errors)
    code = exc.code or 500
    errors = None
    data = getattr(exc, "data", None) or {}
    if "messages" in data:  # webargs validation failure, keyed by location then field
        messages = data["messages"]
        # Field errors of a JSON body are keyed by field; a body that is not JSON at all keeps
        # its location as key, so `errors` is always an object.
        body_fields = list(messages) == ["json"] and isinstance(messages["json"], dict)
        errors = _translate(messages["json"] if body_fields else messages)
        error = "validation_error"
    else:
        error = _slug(exc)
    description = exc.description
    generic = not description or description == type(exc).description
    message = MESSAGES.get(code, "请求失败") if generic or errors else description
    response, status = error_response(code, error, message, errors)
    if code == 429 and getattr(exc, "retry_after", None):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response, status


def handle_integrity_error(exc: IntegrityError):
    db.session.rollback()
    return error_response(409, "conflict", CONFLICT)


def handle_out_of_range(exc: Exception):
    """A number too large for the database column (DataError on PostgreSQL, OverflowError on SQLite)."""
    db.session.rollback()
    if not request.path.startswith("/api/"):
        return InternalServerError()
    return error_response(422, "out_of_range", "提交的数字超出允许范围，未作修改")


def handle_database_unavailable(exc: Exception):
    """The database went away (restart, failover, SQLite busy): nothing was saved, try again."""
    db.session.rollback()
    current_app.logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
    if not request.path.startswith("/api/"):
        return InternalServerError()
    response, status = error_response(503, "database_unavailable",
                                      "数据库暂时无法连接，本次提交没有保存；手机会稍后自动重试")
    response.headers["Retry-After"] = "5"
    return response, status


def handle_unexpected(exc: Exception):
    db.session.rollback()
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    if not request.path.startswith("/api/"):
        return InternalServerError()
    return error_response(500, "internal_error", MESSAGES[500])


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    # Ids and numbers come from users unbounded; the driver refuses those its column cannot hold.
    app.register_error_handler(DataError, handle_out_of_range)
    app.register_error_handler(OverflowError, handle_out_of_range)
    # A 503 tells the phone's outbox to keep the record and retry; a 500 would read as a bug.
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
