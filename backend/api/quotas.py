"""Observation quotas (听课任务) and 轮回听课 coverage, as a list and as .xlsx."""
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import send_file
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.accounts.models import ROLES
from backend.api.access import get_in_school, roles_required, school_id
from backend.appraisal.access import readable_staff
from backend.errors import ApiError
from backend.extensions import db
from backend.org.models import School, Term
from backend.org.settings import change_setting, setting
from backend.quotas.services import coverage_report
from backend.reports.xlsx import BINARY, INTEGER, XLSX_MIMETYPE, Column, Sheet, workbook_bytes

bp = Blueprint("api_quotas", __name__, url_prefix="/api/v1", description="听课任务与轮回听课")
READERS = ("admin", "leader", "group_head")
QUOTA = validate.Range(0, 500, error="应在 {min} 到 {max} 节之间")


class QuotaRulesSchema(Schema):
    by_title = fields.Dict(keys=fields.String(validate=validate.Length(1, 20)),
                           values=fields.Integer(validate=QUOTA), required=True,
                           metadata={"description": "按职务（如 校长、副校长）每学期听课节数，优先于角色"})
    by_role = fields.Dict(keys=fields.String(validate=validate.OneOf(ROLES)),
                          values=fields.Integer(validate=QUOTA), required=True,
                          metadata={"description": "按角色每学期听课节数，多个角色取最大"})
    over_observed_factor = fields.Float(
        required=True, validate=validate.Range(1, 100, error="应在 {min} 到 {max} 之间"),
        metadata={"description": "被听课节数超过全校中位数的几倍算过多"})


class CoverageQuery(Schema):
    on = fields.Date(load_default=None, metadata={"description": "统计到哪一天，默认今天（限在学期内）"})


class QuotaRowOut(Schema):
    staff_id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    title = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    required = fields.Integer(required=True, metadata={"description": "本学期应听节数"})
    done = fields.Integer(required=True, metadata={"description": "已听节数（推门课和公开课评分，不含巡课）"})
    remaining = fields.Integer(required=True)
    expected_to_date = fields.Integer(required=True, metadata={"description": "按学期进度到今天应听节数"})
    behind = fields.Boolean(required=True)


class UnobservedOut(Schema):
    staff_id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    group_name = fields.String(allow_none=True, required=True)
    observed_this_month = fields.Integer(
        required=True, metadata={"description": "本月被听课节数（含非领导，公开课算一节）"})
    last_leader_visit = fields.Date(allow_none=True, required=True)


class OverObservedTeacherOut(Schema):
    staff_id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    lessons = fields.Integer(required=True)


class OverObservedOut(Schema):
    median = fields.Float(required=True)
    threshold = fields.Float(required=True)
    teachers = fields.List(fields.Nested(OverObservedTeacherOut), required=True)


class MonthOut(Schema):
    label = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class CoverageOut(Schema):
    term_id = fields.Function(lambda r: r["term"].id, required=True, metadata={"type": "integer"})
    on = fields.Date(required=True)
    month = fields.Nested(MonthOut, required=True)
    quotas = fields.List(fields.Nested(QuotaRowOut), required=True)
    unobserved = fields.List(fields.Nested(UnobservedOut), required=True,
                             metadata={"description": "本月还没有校领导听过课的教师"})
    over_observed = fields.Nested(OverObservedOut, required=True)


def _report(term_id: int, on) -> dict:
    term = get_in_school(Term, term_id)
    if on is None:  # today, or the nearest day of the term
        school = db.session.get(School, term.school_id)
        today = datetime.now(ZoneInfo(school.timezone)).date()
        on = min(max(today, term.first_monday), term.last_day)
    elif not term.first_monday <= on <= term.last_day:
        message = f"应在学期内（{term.first_monday} 至 {term.last_day}）"
        raise ApiError(422, "validation_error", f"{on} 不在该学期内", {"query": {"on": [message]}})
    return coverage_report(term, on, readable_staff(current_user))


@bp.get("/quotas/rules")
@roles_required(*READERS)
@bp.response(200, QuotaRulesSchema)
def get_rules():
    """Return the school's quota rules (its own or the default)."""
    return setting(db.session.get(School, school_id()), "observation_quotas")


@bp.put("/quotas/rules")
@roles_required("admin")
@bp.arguments(QuotaRulesSchema)
@bp.response(200, QuotaRulesSchema)
def put_rules(data):
    """Set how many lessons each title and role observes in a term."""
    school = db.session.get(School, school_id())
    change_setting(school, "observation_quotas", data)
    db.session.commit()
    return setting(school, "observation_quotas")


@bp.get("/terms/<int:term_id>/coverage")
@roles_required(*READERS)
@bp.arguments(CoverageQuery, location="query")
@bp.response(200, CoverageOut)
def get_coverage(query, term_id):
    """List quotas and who is behind, teachers no leader observed this month, the over-observed."""
    return _report(term_id, query["on"])


QUOTA_COLUMNS = (
    Column("staff_no", "工号"), Column("name", "姓名"), Column("title", "职务"),
    Column("required", "应听节数", INTEGER), Column("done", "已听节数", INTEGER),
    Column("remaining", "还差节数", INTEGER), Column("expected_to_date", "按进度应听", INTEGER),
    Column("behind", "落后"),
)
UNOBSERVED_COLUMNS = (
    Column("staff_no", "工号"), Column("name", "姓名"), Column("group_name", "教研组", width=12),
    Column("observed_this_month", "本月被他人听课", INTEGER, width=14),
    Column("last_leader_visit", "领导上次听课", "yyyy-mm-dd", width=14),
)
OVER_COLUMNS = (Column("staff_no", "工号"), Column("name", "姓名"),
                Column("lessons", "本学期被听节数", INTEGER, width=14))


@bp.get("/terms/<int:term_id>/coverage.xlsx")
@roles_required(*READERS)
@bp.arguments(CoverageQuery, location="query")
@bp.response(200, BINARY, content_type=XLSX_MIMETYPE)
def export_coverage(query, term_id):
    """Export the same lists as .xlsx, one worksheet each."""
    report = _report(term_id, query["on"])
    month, over = report["month"], report["over_observed"]
    data = workbook_bytes([
        Sheet("听课任务", QUOTA_COLUMNS, report["quotas"]),
        Sheet(f"{month.label}未被领导听课", UNOBSERVED_COLUMNS, report["unobserved"]),
        Sheet(f"被听课过多(>{over['threshold']:g}节)", OVER_COLUMNS, over["teachers"]),
    ])
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"{report['term'].name}听课情况{report['on']}.xlsx")
