"""Server-side login sessions: the cookie carries a random token, the database its hash."""
import hashlib
import secrets

from sqlalchemy.orm import joinedload

from backend.extensions import db
from backend.accounts.models import LoginSession, Staff
from backend.timeutil import utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(staff: Staff, user_agent: str = "") -> str:
    """Record a new session for staff and return its token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(staff_id=staff.id, token_hash=_digest(token),
                                user_agent=user_agent[:200]))
    db.session.flush()
    return token


def staff_for_session(staff_id: int, token: str | None) -> Staff | None:
    """Return the active staff member owning this live session, else None."""
    if not token:
        return None
    # Roles joined in: every signed-in request checks them, and one statement is cheaper than two.
    return db.session.scalars(
        db.select(Staff).options(joinedload(Staff.role_rows))
        .join(LoginSession, LoginSession.staff_id == Staff.id)
        .where(Staff.id == staff_id, Staff.active.is_(True),
               LoginSession.token_hash == _digest(token), LoginSession.revoked_at.is_(None))
    ).unique().one_or_none()


def end_session(token: str | None) -> None:
    """Revoke one session so its cookie no longer works."""
    if token:
        db.session.execute(
            db.update(LoginSession)
            .where(LoginSession.token_hash == _digest(token), LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow()))


def end_other_sessions(staff: Staff, keep_token: str | None = None) -> None:
    """Revoke every session of staff except the one in use (after a password change)."""
    query = db.update(LoginSession).where(
        LoginSession.staff_id == staff.id, LoginSession.revoked_at.is_(None))
    if keep_token:
        query = query.where(LoginSession.token_hash != _digest(keep_token))
    db.session.execute(query.values(revoked_at=utcnow()))
