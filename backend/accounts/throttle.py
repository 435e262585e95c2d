"""Slow down password guessing: lock a login name after repeated failures.

Counts live in the database (or Redis when REDIS_URL is set) so that every
gunicorn worker sees the same number.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.extensions import db
from backend.accounts.models import LoginThrottle
from backend.timeutil import utcnow


def _limits() -> tuple[int, int]:
    return current_app.config["LOGIN_MAX_FAILURES"], current_app.config["LOGIN_LOCK_SECONDS"]


def _redis():
    import redis

    client = current_app.extensions.get("xunke_redis")
    if client is None:
        client = redis.Redis.from_url(current_app.config["REDIS_URL"])
        current_app.extensions["xunke_redis"] = client
    return client


def seconds_locked(key: str) -> int:
    """Return how many seconds this login name stays locked (0 when free)."""
    if current_app.config["REDIS_URL"]:
        return max(0, _redis().ttl(f"xunke:lock:{key}"))
    row = db.session.get(LoginThrottle, key)
    if row is None or row.locked_until is None:
        return 0
    return max(0, int((row.locked_until - utcnow()).total_seconds()))


def record_failure(key: str) -> None:
    """Count a failed sign-in; lock the name when the count reaches the limit."""
    max_failures, lock_seconds = _limits()
    if current_app.config["REDIS_URL"]:
        client = _redis()
        count_key = f"xunke:fail:{key}"
        count = client.incr(count_key)
        if count == 1:
            client.expire(count_key, lock_seconds)
        if count >= max_failures:
            client.set(f"xunke:lock:{key}", 1, ex=lock_seconds)
            client.delete(count_key)
        return
    now = utcnow()
    row = db.session.execute(
        db.select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        try:
            with db.session.begin_nested():
                row = LoginThrottle(key=key, failures=0, window_started_at=now)
                db.session.add(row)
        except IntegrityError:  # another worker created it first
            row = db.session.execute(
                db.select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
            ).scalar_one()
    if now - row.window_started_at > timedelta(seconds=lock_seconds):
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures >= max_failures:
        row.locked_until = now + timedelta(seconds=lock_seconds)
        row.failures, row.window_started_at = 0, now
    db.session.flush()


def clear(key: str) -> None:
    """Forget failures after a successful sign-in."""
    if current_app.config["REDIS_URL"]:
        _redis().delete(f"xunke:fail:{key}", f"xunke:lock:{key}")
        return
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.key == key))
