"""The school's weekly bulletin (周通报) as JSON, a print-ready A4 page and an .xlsx file."""
from flask import Response, render_template
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.api.access import get_in_school
from backend.errors import ApiError
from backend.extensions import db
from backend.notices.bulletin import KIND_NAMES, bulletin
from backend.notices.bulletin_xlsx import bulletin_xlsx
from backend.notices.models import week_published
from backend.notices.services import check_week
from backend.org.models import School, Term

bp = Blueprint("api_bulletins", __name__, url_prefix="/api/v1/bulletins",
               description="周通报：汇总、打印与导出")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Finding(Schema):
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    teachers = fields.List(fields.String(), allow_none=True, required=True,
                           metadata={"description": "学校设置不具名时为 null"})


class IncidentLine(Schema):
    date = fields.String(required=True)
    class_ = fields.String(data_key="class", attribute="class", allow_none=True, required=True)
    rule = fields.String(required=True)
    deduction = fields.String(allow_none=True, required=True)
    teacher = fields.String(allow_none=True, required=True)


class ObserverLine(Schema):
    staff_id = fields.Integer(required=True)
    name = fields.String(required=True)
    staff_no = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    patrol = fields.Integer(required=True)
    drop_in = fields.Integer(required=True)
    open_lesson = fields.Integer(required=True)
    incident = fields.Integer(required=True)
    lessons = fields.Integer(required=True, metadata={"description": "推门听课与公开课合计"})
    total = fields.Integer(required=True)


class BulletinOut(Schema):
    school = fields.String(required=True)
    term_id = fields.Integer(required=True)
    term = fields.String(required=True)
    week = fields.Integer(required=True)
    monday = fields.String(required=True)
    sunday = fields.String(required=True)
    special_days = fields.List(fields.Dict(), required=True, metadata={"description": "假日与调休"})
    published = fields.Boolean(required=True)
    names_teachers = fields.Boolean(required=True)
    totals = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    bands = fields.List(fields.Dict(), required=True)
    praise = fields.List(fields.Nested(Finding), required=True)
    problems = fields.List(fields.Nested(Finding), required=True)
    incidents = fields.List(fields.Nested(IncidentLine), required=True)
    observers = fields.List(fields.Nested(ObserverLine), required=True,
                            metadata={"description": "领导听课情况：本周各校领导、教研组长的记录数"})


def _bulletin(term_id: int, week: int) -> dict:
    """The bulletin, for the office and leaders at any time, for everyone once published."""
    term = get_in_school(Term, term_id)
    check_week(term, week)
    if not current_user.has_role("admin", "leader") and not week_published(
            term.school_id, term.id, week):
        raise ApiError(403, "not_published", "本周通报尚未发布")
    return bulletin(db.session.get(School, term.school_id), term, week)


@bp.get("/<int:term_id>/<int:week>")
@login_required
@bp.response(200, BulletinOut)
def get_bulletin(term_id, week):
    """Return the week's bulletin as data."""
    return _bulletin(term_id, week)


@bp.get("/<int:term_id>/<int:week>/print")
@login_required
@bp.response(200, description="A4 打印页（HTML）", content_type="text/html")
def print_bulletin(term_id, week):
    """Return the bulletin as an A4 page to print from the browser."""
    html = render_template("bulletin_print.html", b=_bulletin(term_id, week), kinds=KIND_NAMES)
    return Response(html, mimetype="text/html")


@bp.get("/<int:term_id>/<int:week>/xlsx")
@login_required
@bp.response(200, description="Excel 文件", content_type=XLSX)
def export_bulletin(term_id, week):
    """Return the bulletin as an .xlsx workbook."""
    data = _bulletin(term_id, week)
    filename = f"bulletin-{data['term_id']}-week{week}.xlsx"
    return Response(bulletin_xlsx(data), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
