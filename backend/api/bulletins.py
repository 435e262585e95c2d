"""The school's weekly bulletin (周通报) as JSON, a print-ready A4 page and an .xlsx file."""
from flask import Response, render_template
from flask_login import current_user, login_required
from flask_smorest import Blueprint

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
@bp.response(200, description="周通报数据（JSON）")
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
