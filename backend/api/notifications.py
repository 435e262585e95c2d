"""In-app notifications of the signed-in person."""
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.errors import ApiError
from backend.extensions import db
from backend.notices.models import Notification
from backend.timeutil import utcnow

bp = Blueprint("api_notifications", __name__, url_prefix="/api/v1/notifications",
               description="站内通知")
LATEST = 100


class NotificationOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    notice_id = fields.Integer(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    read_at = fields.DateTime(allow_none=True, required=True)


class NotificationList(Schema):
    unread = fields.Integer(required=True)
    items = fields.List(fields.Nested(NotificationOut), required=True)


def _mine():
    return Notification.staff_id == current_user.id


@bp.get("")
@login_required
@bp.response(200, NotificationList)
def list_notifications():
    """List my latest notifications, newest first, with the unread count."""
    unread = db.session.scalar(db.select(db.func.count()).where(
        _mine(), Notification.read_at.is_(None)))
    items = db.session.scalars(db.select(Notification).where(_mine())
                               .order_by(Notification.id.desc()).limit(LATEST))
    return {"unread": unread, "items": items}


@bp.post("/<int:notification_id>/read")
@login_required
@bp.response(200, NotificationOut)
def mark_read(notification_id):
    """Mark one of my notifications read; again changes nothing."""
    note = db.session.scalar(db.select(Notification).where(
        Notification.id == notification_id, _mine()))
    if note is None:
        raise ApiError(404, "not_found", "找不到该通知")
    if note.read_at is None:
        note.read_at = utcnow()
    db.session.commit()
    return note
