"""The weekly timetable, and which lessons are on now."""
from datetime import datetime, timezone

from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts.models import Staff
from backend.api.access import get_in_school, roles_required, school_id
from backend.api.bounds import PLAUSIBLE_TIME
from backend.api.school import ClassOut, PeriodOut
from backend.errors import ApiError
from backend.extensions import db
from backend.org.lessons import lessons_at
from backend.org.models import ClassGroup, Period, Subject, TimetableSlot

bp = Blueprint("api_timetable", __name__, url_prefix="/api/v1", description="课表与当前课堂")


class TeacherBrief(Schema):
    id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)


class SlotOut(Schema):
    id = fields.Integer(required=True)
    class_group = fields.Nested(ClassOut, required=True)
    weekday = fields.Integer(required=True)
    period_number = fields.Integer(required=True)
    subject = fields.Function(lambda s: s.subject.name, required=True)
    teacher = fields.Nested(TeacherBrief, required=True)
    room = fields.String(required=True)


class SlotIn(Schema):
    class_group_id = fields.Integer(required=True)
    weekday = fields.Integer(required=True, validate=validate.Range(1, 7))
    period_number = fields.Integer(required=True, validate=validate.Range(1, 20))
    subject_id = fields.Integer(required=True)
    teacher_id = fields.Integer(required=True)
    room = fields.String(load_default="", validate=validate.Length(0, 40))


class SlotQuery(Schema):
    class_group_id = fields.Integer(load_default=None)
    teacher_id = fields.Integer(load_default=None)
    weekday = fields.Integer(load_default=None, validate=validate.Range(1, 7))


class LessonsQuery(Schema):
    at = fields.AwareDateTime(load_default=None, validate=PLAUSIBLE_TIME,
                              metadata={"description": "默认为现在"})


class PeriodLessons(Schema):
    period = fields.Nested(PeriodOut, required=True)
    lessons = fields.List(fields.Nested(SlotOut), required=True)


class LessonsOut(Schema):
    at = fields.DateTime(required=True)
    date = fields.Date(required=True)
    term_id = fields.Integer(allow_none=True, required=True)
    week = fields.Integer(allow_none=True, required=True)
    timetable_weekday = fields.Integer(allow_none=True, required=True)
    holiday = fields.String(allow_none=True, required=True)
    makeup_day = fields.Boolean(required=True)
    current = fields.Nested(PeriodLessons, allow_none=True, required=True)
    next = fields.Nested(PeriodLessons, allow_none=True, required=True)


def _check_refs(data: dict) -> None:
    """Refuse ids that are not of this school, or a period not in the schedule."""
    if "class_group_id" in data:
        get_in_school(ClassGroup, data["class_group_id"])
    if "subject_id" in data:
        get_in_school(Subject, data["subject_id"])
    if "teacher_id" in data:
        get_in_school(Staff, data["teacher_id"])
    if "period_number" in data and not db.session.scalar(db.select(Period.id).where(
            Period.school_id == school_id(), Period.number == data["period_number"])):
        raise ApiError(422, "validation_error", "该节次不在作息时间里",
                       {"period_number": ["该节次不在作息时间里"]})


@bp.get("/timetable")
@login_required
@bp.arguments(SlotQuery, location="query")
@bp.response(200, SlotOut(many=True))
def list_slots(query):
    """List timetable slots, by class, teacher or weekday."""
    select = db.select(TimetableSlot).where(TimetableSlot.school_id == school_id()).order_by(
        TimetableSlot.class_group_id, TimetableSlot.weekday, TimetableSlot.period_number)
    for attr, value in query.items():
        if value is not None:
            select = select.where(getattr(TimetableSlot, attr) == value)
    return db.session.scalars(select)


@bp.post("/timetable")
@roles_required("admin")
@bp.arguments(SlotIn)
@bp.response(201, SlotOut)
def create_slot(data):
    """Add a lesson to the timetable."""
    _check_refs(data)
    slot = TimetableSlot(school_id=school_id(), **data)
    db.session.add(slot)
    db.session.commit()
    return slot


@bp.patch("/timetable/<int:slot_id>")
@roles_required("admin")
@bp.arguments(SlotIn(partial=True))
@bp.response(200, SlotOut)
def update_slot(data, slot_id):
    """Change a slot's subject, teacher, room or time."""
    slot = get_in_school(TimetableSlot, slot_id)
    _check_refs(data)
    for attr, value in data.items():
        setattr(slot, attr, value)
    db.session.commit()
    return slot


@bp.delete("/timetable/<int:slot_id>")
@roles_required("admin")
@bp.response(204)
def delete_slot(slot_id):
    """Remove a lesson from the timetable."""
    db.session.delete(get_in_school(TimetableSlot, slot_id))
    db.session.commit()


@bp.get("/lessons/now")
@login_required
@bp.arguments(LessonsQuery, location="query")
@bp.response(200, LessonsOut)
def lessons_now(query):
    """Return the lessons on now (or at `at`) and in the next period."""
    school_id()
    return lessons_at(current_user.school, query["at"] or datetime.now(timezone.utc))
