"""Open lessons (公开课): scheduled, scored by named raters, combined into one result."""
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts.models import Staff
from backend.api.access import get_in_school, roles_required, school_id
from backend.api.bounds import PLAUSIBLE_TIME
from backend.api.observation_schemas import ActionStepOut, PersonOut
from backend.errors import ApiError
from backend.extensions import db
from backend.observations.access import heads_group_of
from backend.observations.models import ActionStep, Observation, OpenLesson, OpenLessonRater
from backend.observations.open_lessons import lesson_result
from backend.org.models import ClassGroup, Subject
from backend.rubrics.models import RubricVersion

bp = Blueprint("api_open_lessons", __name__, url_prefix="/api/v1", description="公开课与改进措施")


class OpenLessonIn(Schema):
    title = fields.String(load_default="", validate=validate.Length(max=100))
    teacher_id = fields.Integer(required=True)
    class_group_id = fields.Integer(required=True)
    subject_id = fields.Integer(required=True)
    starts_at = fields.AwareDateTime(required=True, validate=PLAUSIBLE_TIME)
    rubric_version_id = fields.Integer(required=True)
    rater_ids = fields.List(fields.Integer(), required=True, validate=validate.Length(1, 30))


class ResultOut(Schema):
    raters_named = fields.Integer(required=True)
    raters_scored = fields.Integer(required=True)
    score = fields.Decimal(as_string=True, allow_none=True, required=True,
                           metadata={"description": "均分；5 位及以上评委时去掉一个最高分和一个最低分"})
    trimmed = fields.Boolean(required=True)
    dropped = fields.List(fields.Decimal(as_string=True), required=True)
    lowest = fields.Decimal(as_string=True, allow_none=True, required=True)
    highest = fields.Decimal(as_string=True, allow_none=True, required=True)
    range = fields.Decimal(as_string=True, allow_none=True, required=True)
    stdev = fields.Decimal(as_string=True, allow_none=True, required=True)


class RaterOut(Schema):
    rater = fields.Nested(PersonOut, required=True)
    observation_id = fields.Integer(allow_none=True, required=True)
    total = fields.Decimal(as_string=True, allow_none=True, required=True)


class OpenLessonOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    teacher = fields.Nested(PersonOut, required=True)
    class_group_id = fields.Integer(required=True)
    subject = fields.Function(lambda lesson: lesson.subject.name, required=True)
    starts_at = fields.DateTime(required=True)
    rubric_version_id = fields.Integer(required=True)
    raters = fields.Function(lambda lesson: [r.staff_id for r in lesson.raters], required=True,
                             metadata={"type": "array", "items": {"type": "integer"}})


class OpenLessonDetail(OpenLessonOut):
    result = fields.Function(lambda lesson: ResultOut().dump(lesson_result(lesson)), required=True,
                             metadata={"type": "object"})
    rater_scores = fields.Method("_rater_scores", allow_none=True, required=True,
                                 metadata={"type": "array", "description": "仅教导处、校领导、教研组长可见"})

    def _rater_scores(self, lesson):
        if not (current_user.has_role("admin", "leader", "group_head")):
            return None
        by_rater = {o.observer_id: o for o in db.session.scalars(db.select(Observation).where(
            Observation.open_lesson_id == lesson.id))}
        return [RaterOut().dump({"rater": r.staff, "observation_id": getattr(by_rater.get(r.staff_id), "id", None),
                                 "total": getattr(by_rater.get(r.staff_id), "total", None)})
                for r in lesson.raters]


class ActionStepQuery(Schema):
    teacher_id = fields.Integer(required=True)
    open = fields.Boolean(load_default=True, metadata={"description": "只看未达成的"})


def _may_schedule(teacher: Staff) -> None:
    if current_user.has_role("admin"):
        return
    if heads_group_of(current_user, teacher):
        return
    raise ApiError(403, "forbidden", "只有教导处或本组教研组长可以安排公开课")


@bp.post("/open-lessons")
@roles_required("admin", "group_head")
@bp.arguments(OpenLessonIn)
@bp.response(201, OpenLessonDetail)
def schedule(data):
    """Schedule an open lesson and name its raters."""
    teacher = get_in_school(Staff, data["teacher_id"])
    _may_schedule(teacher)
    get_in_school(ClassGroup, data["class_group_id"])
    get_in_school(Subject, data["subject_id"])
    version = db.session.get(RubricVersion, data["rubric_version_id"])
    if version is None or version.rubric.school_id != school_id() or "open_lesson" not in version.kinds.split(","):
        raise ApiError(422, "validation_error", "请选择适用于公开课的评价表",
                       {"rubric_version_id": ["请选择适用于公开课的评价表"]})
    rater_ids = sorted(set(data.pop("rater_ids")))
    for rater_id in rater_ids:
        get_in_school(Staff, rater_id)
    if teacher.id in rater_ids:
        raise ApiError(422, "validation_error", "授课教师不能给自己评分", {"rater_ids": ["授课教师不能做评委"]})
    lesson = OpenLesson(school_id=school_id(), created_by_id=current_user.id, **data)
    lesson.raters = [OpenLessonRater(staff_id=r) for r in rater_ids]
    db.session.add(lesson)
    db.session.commit()
    return lesson


@bp.get("/open-lessons")
@login_required
@bp.response(200, OpenLessonOut(many=True))
def list_open_lessons():
    """List open lessons: all for the office and leaders, else those I teach, rate or head."""
    select = db.select(OpenLesson).where(OpenLesson.school_id == school_id())
    if not current_user.has_role("admin", "leader"):
        rated = db.select(OpenLessonRater.open_lesson_id).where(OpenLessonRater.staff_id == current_user.id)
        mine = (OpenLesson.teacher_id == current_user.id) | OpenLesson.id.in_(rated)
        if current_user.has_role("group_head") and current_user.teaching_group_id is not None:
            group = db.select(Staff.id).where(Staff.teaching_group_id == current_user.teaching_group_id)
            mine = mine | OpenLesson.teacher_id.in_(group)
        select = select.where(mine)
    return db.session.scalars(select.order_by(OpenLesson.starts_at.desc()))


@bp.get("/open-lessons/<int:lesson_id>")
@login_required
@bp.response(200, OpenLessonDetail)
def get_open_lesson(lesson_id):
    """Return an open lesson with its combined result and the spread between raters."""
    lesson = get_in_school(OpenLesson, lesson_id)
    visible = {lesson.teacher_id} | {r.staff_id for r in lesson.raters}
    if not (current_user.has_role("admin", "leader") or current_user.id in visible
            or heads_group_of(current_user, lesson.teacher)):
        raise ApiError(404, "not_found", "找不到该记录")
    return lesson


@bp.get("/action-steps")
@login_required
@bp.arguments(ActionStepQuery, location="query")
@bp.response(200, ActionStepOut(many=True))
def list_action_steps(query):
    """List a teacher's action steps, to check them at the next visit."""
    teacher = get_in_school(Staff, query["teacher_id"])
    if not (teacher.id == current_user.id or current_user.has_role("admin", "leader")
            or heads_group_of(current_user, teacher)):
        raise ApiError(403, "forbidden", "不能查看这位教师的改进措施")
    # A draft's steps are its observer's until it is submitted, as the draft itself is.
    select = (db.select(ActionStep).join(Observation, Observation.id == ActionStep.observation_id)
              .where(ActionStep.teacher_id == teacher.id,
                     (Observation.status == "submitted") | (Observation.observer_id == current_user.id)))
    if query["open"]:
        select = select.where(ActionStep.met_at.is_(None))
    return db.session.scalars(select.order_by(ActionStep.id))
