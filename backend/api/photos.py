"""Observation photos: upload (idempotent), serve only to those who may read the record, delete."""
from datetime import timedelta

from flask import current_app, send_file
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields
from sqlalchemy.exc import IntegrityError

from backend.api.observation_schemas import PhotoOut
from backend.api.observations import get_readable
from backend.errors import ApiError
from backend.extensions import db
from backend.notices.services import hold_weeks, refresh_published
from backend.observations import photos, services
from backend.observations.access import can_read, observer_may_edit
from backend.observations.models import Observation, Photo
from backend.observations.retention import forget
from backend.timeutil import utcnow

bp = Blueprint("api_photos", __name__, url_prefix="/api/v1", description="照片")


class PhotoFile(Schema):
    file = Upload(required=True, metadata={"description": "JPEG、PNG、WebP 或 HEIC"})


class PhotoForm(Schema):
    uuid = fields.UUID(required=True, metadata={"description": "手机端生成；重传不会重复保存"})


# A phone offline since the patrol sends the record first and its photos after, maybe days
# later and after the week was published: the observer may still attach the photos taken with
# the record for this long after it reached the server (the notice is amended).
LATE_PHOTO_GRACE = timedelta(hours=72)


def _may_change(obs: Observation, adding: bool = False) -> None:
    if current_user.has_role("admin"):
        return
    if obs.observer_id != current_user.id:
        raise ApiError(403, "forbidden", "只有听课人可以增删照片")
    if observer_may_edit(obs) or (adding and utcnow() <= obs.created_at + LATE_PHOTO_GRACE):
        return
    raise ApiError(409, "edit_window_closed", "本周通报已发布或已过修改期限，照片不能再改")


def _stored(obs_id: int, photo_uuid, sha256: str | None = None) -> Photo | None:
    """The photo already stored under this uuid (or, given sha256, the same picture on this
    record), else None; a uuid used on another record is refused."""
    found = db.session.scalar(db.select(Photo).where(Photo.uuid == photo_uuid))
    if found is not None and found.observation_id != obs_id:
        raise ApiError(409, "uuid_taken", "该照片编号已被使用")
    if found is None and sha256 is not None:
        found = db.session.scalar(db.select(Photo).where(
            Photo.observation_id == obs_id, Photo.sha256 == sha256))
    return found


def _amend_notice(obs: Observation, reason: str) -> None:
    """A notice lists its photos: a change after publication amends it."""
    if obs.status == "submitted":
        refresh_published(current_user, obs.school_id, obs.term_id, obs.week, {obs.teacher_id},
                          reason)


@bp.post("/observations/<int:observation_id>/photos")
@login_required
@bp.arguments(PhotoFile, location="files")
@bp.arguments(PhotoForm, location="form")
@bp.response(201, PhotoOut)
@bp.alt_response(200, schema=PhotoOut, description="同一 uuid 或同一张照片已保存过")
def upload(files, form, observation_id):
    """Attach a photo: checked, turned upright, stripped of metadata, resized, stored by content."""
    obs = get_readable(observation_id)
    _may_change(obs, adding=True)
    if (existing := _stored(obs.id, form["uuid"])) is not None:
        return existing, 200
    obs_id = obs.id
    # Decoding, resizing and writing a photo takes up to seconds. On SQLite this write request
    # holds the database's write lock from its first query (BEGIN IMMEDIATE), so end the
    # transaction first: under load, other workers' submits waited past busy_timeout and
    # failed with "database is locked" (make load). Content-addressed files make writing the
    # same photo twice harmless, so the files go first and the row after.
    db.session.rollback()
    try:
        processed = photos.process(files["file"].read(), current_app.config["PHOTO_MAX_BYTES"])
    except photos.PhotoRefused as exc:
        raise ApiError(422, "photo_refused", str(exc), {"file": [str(exc)]})
    try:
        photos.store(current_app.config["PHOTO_DIR"], processed)
    except OSError:
        current_app.logger.exception("cannot write photo for observation %s", obs_id)
        raise ApiError(507, "photo_storage_failed",
                       "照片没能保存（服务器存储已满或不可写），记录本身已保存；请稍后重新上传照片")
    hold_weeks(obs.term_id)  # from here to commit: the notice is amended below if published
    if (same := _stored(obs_id, form["uuid"], processed.sha256)) is not None:
        return same, 200
    photo = Photo(uuid=form["uuid"], observation_id=obs_id, sha256=processed.sha256,
                  width=processed.width, height=processed.height, size=len(processed.image))
    try:
        with db.session.begin_nested():
            db.session.add(photo)
    except IntegrityError:
        # The same photo sent again while this upload was processing it got there first (on
        # PostgreSQL nothing made the two take turns): answer as for a replay.
        if (same := _stored(obs_id, form["uuid"], processed.sha256)) is None:
            raise
        return same, 200
    services.audit(obs, current_user, "photo_added", {"photo_id": [None, photo.id]})
    _amend_notice(obs, "更改了照片")
    db.session.commit()
    return photo


def _readable_photo(photo_id: int) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or not can_read(current_user, photo.observation):
        raise ApiError(404, "not_found", "找不到该照片")
    return photo


def _send(photo: Photo, thumbnail: bool):
    path = photos.path_for(current_app.config["PHOTO_DIR"], photo.sha256, thumbnail)
    if not path.exists():
        raise ApiError(404, "not_found", "照片文件已不存在（可能已过保存期限）")
    response = send_file(path, mimetype="image/jpeg", conditional=True)
    # The browser may keep a copy but asks every time (a 304 by ETag costs no bytes), so a photo
    # is never shown from its cache to whoever signs in next on a shared phone.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/photos/<int:photo_id>")
@login_required
@bp.response(200, content_type="image/jpeg")
def get_photo(photo_id):
    """Return the stored photo (at most 1600 px)."""
    return _send(_readable_photo(photo_id), thumbnail=False)


@bp.get("/photos/<int:photo_id>/thumb")
@login_required
@bp.response(200, content_type="image/jpeg")
def get_thumbnail(photo_id):
    """Return the photo's thumbnail."""
    return _send(_readable_photo(photo_id), thumbnail=True)


@bp.delete("/photos/<int:photo_id>")
@login_required
@bp.response(204)
def delete_photo(photo_id):
    """Remove a photo from its observation."""
    photo = _readable_photo(photo_id)
    obs = photo.observation
    hold_weeks(obs.term_id)
    _may_change(obs)
    services.audit(obs, current_user, "photo_removed", {"photo_id": [photo.id, None]})
    forget(current_app.config["PHOTO_DIR"], [(photo.id, photo.sha256)])
    _amend_notice(obs, "删除了照片")
    db.session.commit()
