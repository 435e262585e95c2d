"""Password hashing and the rules a new password must meet."""
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
COMMON = {"12345678", "123456789", "password", "password1", "qwertyui", "11111111", "88888888",
          "abcd1234", "a1234567", "xunke123"}


def hash_password(password: str) -> str:
    """Hash a password with the configured method."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches; an account with no hash never matches."""
    return bool(password_hash) and check_password_hash(password_hash, password)


def password_problem(password: str, *, staff_no: str = "", phone: str | None = None) -> str | None:
    """Return why this password is not allowed, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 位"
    if len(password) > 128:
        return "密码不能超过 128 位"
    if password.isdigit():
        return "密码不能全是数字，请加入字母或符号"
    if password.lower() in COMMON or len(set(password)) < 4:
        return "密码太常见，请换一个不容易被猜到的密码"
    if staff_no and staff_no.lower() in password.lower():
        return "密码不能包含工号"
    if phone and phone in password:
        return "密码不能包含手机号"
    return None
