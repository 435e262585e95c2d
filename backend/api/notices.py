"""Weekly notices: build and publish (office), read, and the teacher's responses."""
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import selectinload

from backend.api.access import get_in_school, roles_required, school_id
from backend.api.observation_schemas import PersonOut
from backend.api.pagination import PageOut, PageQuery, one_page
from backend.errors import ApiError
from backend.extensions import db
from backend.notices import responses, services
from backend.notices.appeal_queue import QUEUE_STATUSES, queue_item, queue_query
from backend.notices.models import (APPEAL_STATUSES, NOTICE_STATUSES, NoticeAppeal,
                                    NoticeAuditEntry, WeeklyNotice)
from backend.org.models import Term
from backend.timeutil import utcnow

bp = Blueprint("api_notices", __name__, url_prefix="/api/v1/notices", description="每周通报到人")


class WeekIn(Schema):
    term_id = fields.Integer(required=True)
    week = fields.Integer(required=True, validate=validate.Range(1, 30))


class NoticeQuery(Schema):
    term_id = fields.Integer(load_default=None)
    week = fields.Integer(load_default=None)
    teacher_id = fields.Integer(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(NOTICE_STATUSES))


class NoticeBrief(Schema):
    id = fields.Integer(required=True)
    term_id = fields.Integer(required=True)
    week = fields.Integer(required=True)
    teacher = fields.Nested(PersonOut, required=True)
    status = fields.String(required=True)
    built_at = fields.DateTime(required=True)
    published_at = fields.DateTime(allow_none=True, required=True)
    acknowledged_at = fields.DateTime(allow_none=True, required=True)
    amended = fields.Function(lambda n: bool(n.amendments), required=True,
                              metadata={"type": "boolean"})
    open_appeal = fields.Function(lambda n: any(a.status == "open" for a in n.appeals),
                                  required=True, metadata={"type": "boolean"})
    summary = fields.Function(lambda n: services.current_content(n).get("summary"),
                              allow_none=True, required=True, metadata={"type": "object"})


class AmendmentOut(Schema):
    id = fields.Integer(required=True)
    content = fields.Dict(required=True)
    reason = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class AppealOut(Schema):
    id = fields.Integer(required=True)
    reason = fields.String(required=True)
    status = fields.String(required=True)
    resolution = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    resolved_at = fields.DateTime(allow_none=True, required=True)


class AppealQuery(PageQuery):
    status = fields.String(load_default="open", validate=validate.OneOf(QUEUE_STATUSES),
                           metadata={"description": "open 待处理 / resolved 已处理 / all 全部"})
    term_id = fields.Integer(load_default=None)
    week = fields.Integer(load_default=None,
                          validate=validate.Range(1, 30, error="应在 {min} 到 {max} 之间"))
    teacher_id = fields.Integer(load_default=None)


class AppealItem(AppealOut):
    notice_id = fields.Integer(required=True)
    teacher = fields.Nested(PersonOut, required=True)
    term_id = fields.Integer(required=True)
    week = fields.Integer(required=True, metadata={"description": "教学周"})
    monday = fields.Date(required=True)
    sunday = fields.Date(required=True)
    days_open = fields.Integer(required=True, metadata={
        "description": "提出申诉后经过的整天数；已处理的为提出到处理之间的天数"})
    resolved_by = fields.Nested(PersonOut, allow_none=True, required=True)


class AppealPage(PageOut):
    items = fields.List(fields.Nested(AppealItem), required=True)


class NoticeOut(NoticeBrief):
    content = fields.Dict(required=True, metadata={"description": "发布时冻结的内容"})
    amendments = fields.List(fields.Nested(AmendmentOut), required=True,
                             metadata={"description": "发布后的更正，每次一份新的冻结内容"})
    appeals = fields.List(fields.Nested(AppealOut), required=True)
    reflection = fields.String(required=True)
    reflection_at = fields.DateTime(allow_none=True, required=True)
    appeal_deadline = fields.Function(
        lambda n: responses.appeal_deadline(n).isoformat() if n.published_at else None,
        allow_none=True, required=True, metadata={"type": "string", "format": "date-time"})


class PublicationOut(Schema):
    term_id = fields.Integer(required=True)
    week = fields.Integer(required=True)
    published_at = fields.DateTime(required=True)
    notices = fields.Integer(required=True)
    webhook_status = fields.String(required=True)
    webhook_detail = fields.String(required=True)


class ReflectionIn(Schema):
    text = fields.String(required=True, validate=validate.Length(0, 5000))


class AppealIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(1, 2000))


class ResolveIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(APPEAL_STATUSES[1:]),
                            metadata={"description": "upheld 维持 / corrected 更正"})
    reason = fields.String(required=True, validate=validate.Length(1, 2000))


class NoticeAuditOut(Schema):
    id = fields.Integer(required=True)
    action = fields.String(required=True)
    actor = fields.Nested(PersonOut, required=True)
    text = fields.String(required=True)
    at = fields.DateTime(required=True)


def get_readable(notice_id: int) -> WeeklyNotice:
    """Load a notice the signed-in person may read, else 404."""
    school_id()
    notice = db.session.scalar(db.select(WeeklyNotice).where(
        WeeklyNotice.id == notice_id, responses.readable_notices(current_user)))
    if notice is None:
        raise ApiError(404, "not_found", "找不到该通报")
    return notice


@bp.post("/build")
@roles_required("admin")
@bp.arguments(WeekIn)
@bp.response(200, NoticeBrief(many=True))
def build(data):
    """Build (or rebuild) the week's draft notices from its records."""
    term = get_in_school(Term, data["term_id"])
    notices = services.build_week(term.school_id, term, data["week"])
    db.session.commit()
    return notices


@bp.post("/publish")
@roles_required("admin")
@bp.arguments(WeekIn)
@bp.response(201, PublicationOut)
def publish(data):
    """Publish the week: freeze every notice, tell each teacher, post the bulletin summary."""
    term = get_in_school(Term, data["term_id"])
    publication = services.publish_week(current_user, term, data["week"])
    count = len(services.week_notices(term.school_id, term.id, data["week"]))
    db.session.commit()
    services.announce(publication)  # after the commit: a robot's failure never undoes it
    db.session.commit()
    return {**{k: getattr(publication, k) for k in (
        "term_id", "week", "published_at", "webhook_status", "webhook_detail")}, "notices": count}


@bp.get("")
@login_required
@bp.arguments(NoticeQuery, location="query")
@bp.response(200, NoticeBrief(many=True))
def list_notices(query):
    """List the notices I may read: my own, my group's, or the school's."""
    school_id()
    select = db.select(WeeklyNotice).where(responses.readable_notices(current_user)).options(
        selectinload(WeeklyNotice.teacher))
    for field in ("term_id", "week", "teacher_id", "status"):
        if query[field] is not None:
            select = select.where(getattr(WeeklyNotice, field) == query[field])
    return db.session.scalars(select.order_by(WeeklyNotice.term_id.desc(),
                                              WeeklyNotice.week.desc(), WeeklyNotice.teacher_id))


@bp.get("/appeals")
@login_required
@bp.arguments(AppealQuery, location="query")
@bp.response(200, AppealPage)
def list_appeals(query):
    """List the appeals on notices I may read, the longest waiting first, a page at a time."""
    school_id()
    number, per_page = query.pop("page"), query.pop("per_page")
    rows, page = one_page(queue_query(current_user, **query), number, per_page)
    now = utcnow()
    return {"items": [queue_item(row, now) for row in db.session.execute(rows)], **page}


@bp.get("/<int:notice_id>")
@login_required
@bp.response(200, NoticeOut)
def get_notice(notice_id):
    """Return one notice with its amendments and appeals."""
    return get_readable(notice_id)


@bp.post("/<int:notice_id>/acknowledge")
@login_required
@bp.response(200, NoticeOut)
def acknowledge(notice_id):
    """Mark my notice read (已阅)."""
    notice = responses.acknowledge(current_user, get_readable(notice_id))
    db.session.commit()
    return notice


@bp.put("/<int:notice_id>/reflection")
@login_required
@bp.arguments(ReflectionIn)
@bp.response(200, NoticeOut)
def reflect(data, notice_id):
    """Write or rewrite my reflection (教学反思) on the notice."""
    notice = responses.reflect(current_user, get_readable(notice_id), data["text"])
    db.session.commit()
    return notice


@bp.post("/<int:notice_id>/appeals")
@login_required
@bp.arguments(AppealIn)
@bp.response(201, AppealOut)
def appeal(data, notice_id):
    """Appeal (申诉) my notice within the school's appeal window."""
    lodged = responses.appeal(current_user, get_readable(notice_id), data["reason"])
    db.session.commit()
    return lodged


@bp.post("/appeals/<int:appeal_id>/resolve")
@roles_required("admin")
@bp.arguments(ResolveIn)
@bp.response(200, AppealOut)
def resolve(data, appeal_id):
    """Resolve an appeal as upheld (维持) or corrected (更正), giving the reason."""
    lodged = db.session.get(NoticeAppeal, appeal_id)
    if lodged is None or lodged.notice.school_id != school_id():
        raise ApiError(404, "not_found", "找不到该申诉")
    responses.resolve(current_user, lodged, data["outcome"], data["reason"])
    db.session.commit()
    return lodged


@bp.get("/<int:notice_id>/audit")
@roles_required("admin")
@bp.response(200, NoticeAuditOut(many=True))
def audit(notice_id):
    """Return the notice's trail: publication, amendments, responses and resolutions."""
    get_readable(notice_id)
    return db.session.scalars(db.select(NoticeAuditEntry).where(
        NoticeAuditEntry.notice_id == notice_id).order_by(NoticeAuditEntry.id))
