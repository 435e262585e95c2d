"""Terms with their holidays and 调休 make-up days, and what a date is in the calendar."""
from datetime import date

from flask_login import login_required
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.api.access import get_in_school, roles_required, school_id
from backend.errors import ApiError
from backend.extensions import db
from backend.org.calendar import overlaps, school_day, term_on, week_bounds
from backend.org.models import Holiday, MakeupDay, Term

bp = Blueprint("api_terms", __name__, url_prefix="/api/v1", description="学期与校历")


class HolidaySchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 60))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data["ends_on"] < data["starts_on"]:
            raise ValidationError("结束日期不能早于开始日期", "ends_on")


class MakeupDaySchema(Schema):
    on = fields.Date(required=True)
    follows_weekday = fields.Integer(required=True, validate=validate.Range(1, 5),
                                     metadata={"description": "按星期几的课表上课，1=星期一"})
    note = fields.String(load_default="", validate=validate.Length(0, 100))

    @validates_schema
    def _weekend(self, data, **kwargs):
        if data["on"].isoweekday() < 6:
            raise ValidationError("调休上课日应是星期六或星期日", "on")


class TermIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 60))
    first_monday = fields.Date(required=True, metadata={"description": "第一教学周的星期一"})
    week_count = fields.Integer(required=True, validate=validate.Range(1, 30))
    holidays = fields.List(fields.Nested(HolidaySchema), load_default=[])
    makeup_days = fields.List(fields.Nested(MakeupDaySchema), load_default=[])

    @validates_schema
    def _monday(self, data, **kwargs):
        if "first_monday" in data and data["first_monday"].isoweekday() != 1:
            raise ValidationError("第一教学周应从星期一开始", "first_monday")


class TermOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    first_monday = fields.Date(required=True)
    last_day = fields.Date(required=True)
    week_count = fields.Integer(required=True)
    closed = fields.Function(lambda t: t.closed_at is not None, required=True)
    holidays = fields.List(fields.Nested(HolidaySchema), required=True)
    makeup_days = fields.List(fields.Nested(MakeupDaySchema), required=True)


class WeekOut(Schema):
    week = fields.Integer(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class DayQuery(Schema):
    date = fields.Date(required=True)


class DayOut(Schema):
    date = fields.Date(required=True)
    term_id = fields.Integer(allow_none=True, required=True)
    week = fields.Integer(allow_none=True, required=True)
    timetable_weekday = fields.Integer(allow_none=True, required=True,
                                       metadata={"description": "按星期几的课表；空表示没有课"})
    holiday = fields.String(allow_none=True, required=True)
    makeup_day = fields.Boolean(required=True)


def _apply(term: Term, data: dict) -> None:
    for attr in ("name", "first_monday", "week_count"):
        if attr in data:
            setattr(term, attr, data[attr])
    if "holidays" in data:
        term.holidays = [Holiday(**h) for h in data["holidays"]]
    if "makeup_days" in data:
        term.makeup_days = [MakeupDay(**m) for m in data["makeup_days"]]
    errors = {}
    first, last = term.first_monday, term.last_day
    for i, holiday in enumerate(term.holidays):
        if holiday.starts_on < first or holiday.ends_on > last:
            errors.setdefault("holidays", {})[i] = [f"{holiday.name} 不在学期内（{first} 至 {last}）"]
    days = [m.on for m in term.makeup_days]
    for i, makeup in enumerate(term.makeup_days):
        if not first <= makeup.on <= last:
            errors.setdefault("makeup_days", {})[i] = [f"{makeup.on} 不在学期内"]
        elif days.count(makeup.on) > 1:
            errors.setdefault("makeup_days", {})[i] = [f"{makeup.on} 重复"]
    if errors:
        raise ApiError(422, "validation_error", "校历有误，请检查标出的日期", errors)
    others = list(db.session.scalars(db.select(Term).where(Term.school_id == term.school_id)))
    clash = overlaps(term, others)
    if clash:
        raise ApiError(409, "conflict", f"与学期“{clash.name}”的日期重叠")


@bp.get("/terms")
@login_required
@bp.response(200, TermOut(many=True))
def list_terms():
    """List the school's terms, newest first."""
    return db.session.scalars(
        db.select(Term).where(Term.school_id == school_id()).order_by(Term.first_monday.desc()))


@bp.post("/terms")
@roles_required("admin")
@bp.arguments(TermIn)
@bp.response(201, TermOut)
def create_term(data):
    """Create a term with its holidays and make-up days."""
    term = Term(school_id=school_id())
    with db.session.no_autoflush:
        _apply(term, data)
    db.session.add(term)
    db.session.commit()
    return term


@bp.get("/terms/<int:term_id>")
@login_required
@bp.response(200, TermOut)
def get_term(term_id):
    """Return one term."""
    return get_in_school(Term, term_id)


@bp.patch("/terms/<int:term_id>")
@roles_required("admin")
# Only the top-level fields may be left out: a holiday sent must be whole (found by fuzzing,
# partial=True reached into the nested holidays and a half holiday crashed the view).
@bp.arguments(TermIn(partial=("name", "first_monday", "week_count", "holidays", "makeup_days")))
@bp.response(200, TermOut)
def update_term(data, term_id):
    """Edit a term; holidays and make-up days, when given, replace the old lists."""
    term = get_in_school(Term, term_id)
    if term.closed_at is not None:
        raise ApiError(409, "term_closed", "该学期已结束归档，不能再修改校历")
    with db.session.no_autoflush:
        _apply(term, data)
    db.session.commit()
    return term


@bp.get("/terms/<int:term_id>/weeks")
@login_required
@bp.response(200, WeekOut(many=True))
def list_weeks(term_id):
    """List the term's teaching weeks with their dates."""
    term = get_in_school(Term, term_id)
    return [dict(zip(("starts_on", "ends_on"), week_bounds(term, n)), week=n)
            for n in range(1, term.week_count + 1)]


@bp.get("/calendar/day")
@login_required
@bp.arguments(DayQuery, location="query")
@bp.response(200, DayOut)
def calendar_day(query):
    """Say which teaching week a date is in and which weekday's timetable it follows."""
    on: date = query["date"]
    day = school_day(term_on(school_id(), on), on)
    return {"date": on, "term_id": day.term.id if day.term else None, "week": day.week,
            "timetable_weekday": day.timetable_weekday, "holiday": day.holiday,
            "makeup_day": day.makeup}
