"""The term appraisal (考核): the school's formula, the teachers' results, closing, export."""
import io

from flask import send_file
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.api.access import get_in_school, roles_required, school_id
from backend.appraisal import services
from backend.appraisal.access import readable_staff
from backend.extensions import db
from backend.org.models import School, Term
from backend.org.settings import change_setting, setting
from backend.reports.xlsx import BINARY, DECIMAL, INTEGER, XLSX_MIMETYPE, Column, Sheet, workbook_bytes

bp = Blueprint("api_appraisal", __name__, url_prefix="/api/v1", description="学期考核")


def _between(low, high):
    return validate.Range(low, high, error=f"应在 {low} 到 {high} 之间")


def _number(low, high, description):
    return fields.Float(required=True, validate=_between(low, high),
                        metadata={"description": description})


class FormulaSchema(Schema):
    lesson_scale = _number(1, 1000, "课堂评分折算为满分多少（评分按占评价表满分的百分比计）")
    lesson_weight = _number(0, 10, "学期课堂评分均分乘以的系数")
    praise_points = _number(0, 100, "每次巡课表扬加分")
    praise_cap = _number(0, 1000, "表扬加分上限")
    problem_weight = _number(0, 100, "巡课问题扣分乘以的系数（1 即按条目扣分）")
    problem_cap = _number(0, 1000, "问题扣分上限")
    incident_deduction = _number(0, 1000, "每次教学事故扣分")
    clip_min = _number(-1000, 1000, "考核分最低")
    clip_max = _number(-1000, 1000, "考核分最高")
    incident_bars_excellence = fields.Boolean(required=True,
                                              metadata={"description": "有教学事故的不能评优"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("clip_min") is not None and data.get("clip_max") is not None \
                and data["clip_max"] <= data["clip_min"]:
            raise ValidationError("最高分应大于最低分", "clip_max")


class AppraisalRowOut(Schema):
    staff_id = fields.Integer(required=True)
    staff_no = fields.String(required=True)
    name = fields.String(required=True)
    group_name = fields.String(allow_none=True, required=True)
    lessons_counted = fields.Integer(required=True, metadata={"description": "计入的课节数（公开课算一节）"})
    mean_lesson_score = fields.Decimal(as_string=True, allow_none=True, required=True,
                                       metadata={"description": "课堂评分均分（百分制）"})
    lesson_points = fields.Decimal(as_string=True, allow_none=True, required=True)
    praise_count = fields.Integer(required=True)
    praise_points = fields.Decimal(as_string=True, required=True)
    problem_points = fields.Decimal(as_string=True, required=True)
    problem_deduction = fields.Decimal(as_string=True, required=True)
    incident_count = fields.Integer(required=True)
    incident_deduction = fields.Decimal(as_string=True, required=True)
    result = fields.Decimal(as_string=True, allow_none=True, required=True,
                            metadata={"description": "考核分；本学期没有课堂评分时为空"})
    excellence_eligible = fields.Boolean(required=True, metadata={"description": "可参加评优"})


class AppraisalOut(Schema):
    term_id = fields.Function(lambda a: a["term"].id, required=True,
                              metadata={"type": "integer"})
    frozen = fields.Boolean(required=True, metadata={"description": "学期已归档，结果不再变化"})
    frozen_at = fields.DateTime(allow_none=True, required=True)
    formula = fields.Nested(FormulaSchema, required=True)
    rows = fields.List(fields.Nested(AppraisalRowOut), required=True)


COLUMNS = (
    Column("staff_no", "工号", width=10), Column("name", "姓名", width=10),
    Column("group_name", "教研组", width=12),
    Column("lessons_counted", "计入课节", INTEGER), Column("mean_lesson_score", "课堂均分", DECIMAL),
    Column("lesson_points", "课堂得分", DECIMAL), Column("praise_count", "巡课表扬次数", INTEGER),
    Column("praise_points", "表扬加分", DECIMAL), Column("problem_points", "问题扣分合计", DECIMAL),
    Column("problem_deduction", "问题扣分(封顶后)", DECIMAL),
    Column("incident_count", "教学事故", INTEGER), Column("incident_deduction", "事故扣分", DECIMAL),
    Column("result", "考核分", DECIMAL), Column("excellence_eligible", "可评优", width=8),
)


def _appraisal(term_id: int) -> dict:
    return services.term_appraisal(get_in_school(Term, term_id), readable_staff(current_user))


@bp.get("/appraisal/formula")
@login_required
@bp.response(200, FormulaSchema)
def get_formula():
    """Return the school's appraisal formula (its own or the default)."""
    return setting(db.session.get(School, school_id()), "appraisal_formula")


@bp.put("/appraisal/formula")
@roles_required("admin")
@bp.arguments(FormulaSchema)
@bp.response(200, FormulaSchema)
def put_formula(data):
    """Set the school's appraisal formula; closed terms keep the formula they were closed with."""
    school = db.session.get(School, school_id())
    change_setting(school, "appraisal_formula", data)
    db.session.commit()
    return setting(school, "appraisal_formula")


@bp.get("/terms/<int:term_id>/appraisal")
@login_required
@bp.response(200, AppraisalOut)
def get_appraisal(term_id):
    """List the term's appraisal by component: a teacher their row, a group head the group's."""
    return _appraisal(term_id)


@bp.get("/terms/<int:term_id>/appraisal.xlsx")
@login_required
@bp.response(200, BINARY, content_type=XLSX_MIMETYPE)
def export_appraisal(term_id):
    """Export the rows the reader may see as .xlsx, one column per component."""
    appraisal = _appraisal(term_id)
    name = appraisal["term"].name
    data = workbook_bytes([Sheet(f"{name}考核", COLUMNS, appraisal["rows"])])
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"{name}课堂教学考核.xlsx")


@bp.post("/terms/<int:term_id>/appraisal/close")
@roles_required("admin")
@bp.response(200, AppraisalOut)
def close_appraisal(term_id):
    """Close the term and freeze its appraisal for good; closing again changes nothing."""
    term = get_in_school(Term, term_id)
    services.close_term(term, current_user)
    db.session.commit()
    return services.term_appraisal(term)
