"""Charts as SVG images, with the read permissions of the numbers they draw."""
from flask import Response
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend.accounts.models import Staff
from backend.api.access import get_in_school, roles_required
from backend.api.quotas import READERS
from backend.appraisal.access import may_read_staff, readable_staff
from backend.errors import ApiError
from backend.org.models import Term
from backend.reports import chart_data, svg

bp = Blueprint("api_charts", __name__, url_prefix="/api/v1/terms/<int:term_id>/charts",
               description="图表（SVG）")
SVG_MIMETYPE = "image/svg+xml"
SVG_TEXT = {"type": "string", "description": "SVG 图像，带 <title> 和 <desc>"}


def _svg(text: str) -> Response:
    response = Response(text, mimetype=SVG_MIMETYPE)
    # Opened on its own, the image may run nothing and load nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _teacher(staff_id: int) -> Staff:
    staff = get_in_school(Staff, staff_id)
    if not may_read_staff(current_user, staff):
        raise ApiError(403, "forbidden", "只能查看自己（教研组长：本组教师）的图表")
    return staff


@bp.get("/teachers/<int:staff_id>/scores.svg")
@login_required
@bp.response(200, SVG_TEXT, content_type=SVG_MIMETYPE)
def teacher_scores(term_id, staff_id):
    """Draw the teacher's lesson score over the term's weeks, with the grade bands."""
    term, teacher = get_in_school(Term, term_id), _teacher(staff_id)
    rubric = chart_data.most_used_lesson_rubric(term)
    points = chart_data.weekly_scores(term, teacher)
    return _svg(svg.score_line(f"{teacher.name} {term.name} 课堂评分", term.week_count, points,
                               chart_data.bands_of(rubric)))


@bp.get("/teachers/<int:staff_id>/sections.svg")
@login_required
@bp.response(200, SVG_TEXT, content_type=SVG_MIMETYPE)
def teacher_sections(term_id, staff_id):
    """Draw the teacher's score per rubric section against the school's mean, in percent."""
    term, teacher = get_in_school(Term, term_id), _teacher(staff_id)
    rubric = chart_data.most_used_lesson_rubric(term)
    sections = chart_data.section_profile(term, teacher, rubric) if rubric else []
    title = f"{teacher.name} 分项得分率" + (f"（{rubric.title}）" if rubric else "")
    return _svg(svg.section_bars(title, sections))


@bp.get("/coverage.svg")
@roles_required(*READERS)
@bp.response(200, SVG_TEXT, content_type=SVG_MIMETYPE)
def coverage(term_id):
    """Draw the share of teachers observed in each week (a group head: their group's)."""
    term = get_in_school(Term, term_id)
    observed, teachers = chart_data.weekly_coverage(term, readable_staff(current_user))
    return _svg(svg.coverage_bars(f"{term.name} 每周听课覆盖", term.week_count, observed, teachers))
