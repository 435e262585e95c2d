"""Observations: record (idempotently, also in batches), list, read, edit or correct, audit."""
from flask import jsonify
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Staff
from backend.api.access import roles_required, school_id
from backend.api.observation_schemas import (AuditOut, BatchIn, BatchOut, ObservationIn,
                                             ObservationOut, ObservationPage, ObservationQuery,
                                             observation_patch)
from backend.api.pagination import one_page
from backend.errors import CONFLICT, ApiError
from backend.extensions import db
from backend.notices.services import hold_weeks
from backend.observations import services
from backend.observations.access import can_read, observer_may_edit, readable_by
from backend.observations.models import AuditEntry, Observation

bp = Blueprint("api_observations", __name__, url_prefix="/api/v1/observations",
               description="巡课与听课记录")

observation_in = ObservationIn()
observation_out = ObservationOut()


def get_readable(observation_id: int) -> Observation:
    """Load an observation the signed-in person may read, else 404."""
    obs = db.session.get(Observation, observation_id)
    if obs is None or not can_read(current_user, obs):
        raise ApiError(404, "not_found", "找不到该记录")
    return obs


def _may_observe() -> None:
    if current_user.school_id is None:
        raise ApiError(403, "forbidden", "该操作需要学校账号")


@bp.post("")
@login_required
@bp.arguments(ObservationIn)
@bp.response(201, ObservationOut)
@bp.alt_response(200, schema=ObservationOut, description="同一 uuid 已保存过：返回已保存的记录")
def create(data):
    """Record an observation; sending the same uuid again returns the stored one."""
    _may_observe()
    obs, created = services.create_observation(current_user, data)
    # Rendered from the records the checks loaded, before commit expires them: rendered after,
    # each was read again in a second transaction (on SQLite a second turn at the write lock),
    # which cost as much as the rest of a submit (bench/api_write.py).
    answer = jsonify(observation_out.dump(obs))
    db.session.commit()
    return answer, 201 if created else 200


@bp.post("/batch")
@login_required
@bp.arguments(BatchIn)
@bp.response(200, BatchOut)
def batch(data):
    """Record many offline observations at once, answering per record."""
    _may_observe()
    results = []
    for raw in data["observations"]:
        uuid = raw.get("uuid") if isinstance(raw, dict) else None
        try:
            record = observation_in.load(raw)
        except ValidationError as exc:
            results.append({"uuid": uuid, "status": "error", "error": {
                "code": 422, "error": "validation_error", "message": "提交的内容有误",
                "errors": exc.messages}})
            continue
        savepoint = db.session.begin_nested()
        try:
            obs, created = services.create_observation(current_user, record)
            savepoint.commit()
            results.append({"uuid": uuid, "status": "created" if created else "exists",
                             "observation": obs})
        except (ApiError, IntegrityError) as exc:  # this record only: the others still count
            savepoint.rollback()
            exc = exc if isinstance(exc, ApiError) else ApiError(409, "conflict", CONFLICT)
            results.append({"uuid": uuid, "status": "error", "error": {
                "code": exc.code, "error": exc.error, "message": exc.description,
                "errors": exc.errors}})
    db.session.commit()
    return {"results": results}


@bp.get("")
@login_required
@bp.arguments(ObservationQuery, location="query")
@bp.response(200, ObservationPage)
def list_observations(query):
    """List the observations I may read, filtered, newest first, a page at a time."""
    school_id()
    select = db.select(Observation).where(readable_by(current_user))
    for field in ("teacher_id", "observer_id", "class_group_id", "kind", "week", "term_id",
                  "band", "status"):
        if query.get(field) is not None:
            select = select.where(getattr(Observation, field) == query[field])
    if query.get("teaching_group_id") is not None:
        members = db.select(Staff.id).where(Staff.teaching_group_id == query["teaching_group_id"])
        select = select.where(Observation.teacher_id.in_(members))
    if query.get("date_from"):
        select = select.where(Observation.local_date >= query["date_from"])
    if query.get("date_to"):
        select = select.where(Observation.local_date <= query["date_to"])
    rows, page = one_page(select.order_by(Observation.observed_at.desc(), Observation.id.desc()),
                          query["page"], query["per_page"])
    return {"items": db.session.scalars(rows), **page}


@bp.get("/<int:observation_id>")
@login_required
@bp.response(200, ObservationOut)
def get_observation(observation_id):
    """Return one observation."""
    return get_readable(observation_id)


@bp.patch("/<int:observation_id>")
@login_required
@bp.arguments(observation_patch)
@bp.response(200, ObservationOut)
def update(data, observation_id):
    """Edit my observation while allowed; the office corrects any, giving a reason."""
    obs = get_readable(observation_id)
    hold_weeks(obs.term_id)  # before asking whether its week is published
    reason = data.pop("reason", "") or ""
    if obs.observer_id == current_user.id and observer_may_edit(obs):
        correction = False
    elif current_user.has_role("admin"):
        if not reason.strip():
            raise ApiError(422, "validation_error", "教导处更正记录需要填写原因",
                           {"reason": ["请填写更正原因"]})
        correction = True
    elif obs.observer_id == current_user.id:
        raise ApiError(409, "edit_window_closed", "本周通报已发布或已过修改期限，如需更正请联系教导处")
    else:
        raise ApiError(403, "forbidden", "只有听课人或教导处可以修改该记录")
    services.update_observation(current_user, obs, data, correction=correction, reason=reason)
    db.session.commit()
    return obs


@bp.post("/<int:observation_id>/acknowledge")
@login_required
@bp.response(200, ObservationOut)
def acknowledge(observation_id):
    """Mark my observation read (已阅); acknowledging again changes nothing."""
    obs = get_readable(observation_id)
    services.acknowledge(obs, current_user)
    db.session.commit()
    return obs


@bp.get("/<int:observation_id>/audit")
@roles_required("admin")
@bp.response(200, AuditOut(many=True))
def audit(observation_id):
    """Return the audit trail of an observation: who changed what, when and why."""
    get_readable(observation_id)
    return db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.observation_id == observation_id).order_by(AuditEntry.id))
