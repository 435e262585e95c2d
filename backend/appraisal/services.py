"""A term's appraisal per teacher: computed from the records while open, frozen once closed.

Closing is final: there is no reopening. The filed appraisal feeds 绩效工资 and 评优评先, so a
correction found after closing is settled by the office outside the closed term (and shows in
the corrected observation's own audit trail), never by changing the filed numbers.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

from backend.accounts.models import Staff
from backend.appraisal.components import teacher_components
from backend.appraisal.formula import Formula, appraise, exact
from backend.appraisal.models import AppraisalFreeze, AppraisalResult
from backend.errors import ApiError
from backend.extensions import db
from backend.org.models import School, Term
from backend.org.settings import setting
from backend.timeutil import utcnow

COMPONENTS = ("lessons_counted", "mean_lesson_score", "lesson_points", "praise_count",
              "praise_points", "problem_points", "problem_deduction", "incident_count",
              "incident_deduction", "result", "excellence_eligible")


def freeze_of(term: Term) -> AppraisalFreeze | None:
    return db.session.scalar(db.select(AppraisalFreeze).where(AppraisalFreeze.term_id == term.id))


def live_rows(term: Term, formula: Formula, scope=None) -> list[dict]:
    """Compute every listed teacher's appraisal from the term's submitted records."""
    rows = []
    for staff, group_name, lessons, mean, praise, problems, incidents in teacher_components(
            term, scope):
        rows.append({"staff_id": staff.id, "staff_no": staff.staff_no, "name": staff.name,
                     "group_name": group_name,
                     **appraise(formula, lessons or 0, exact(mean), int(praise or 0),
                                exact(problems or 0), int(incidents or 0))})
    return rows


def frozen_rows(term: Term, scope=None) -> list[dict]:
    query = (db.select(AppraisalResult).join(Staff, Staff.id == AppraisalResult.staff_id)
             .where(AppraisalResult.term_id == term.id).order_by(AppraisalResult.staff_no))
    if scope is not None:
        query = query.where(scope)
    return [{"staff_id": r.staff_id, "staff_no": r.staff_no, "name": r.name,
             "group_name": r.group_name, **{c: getattr(r, c) for c in COMPONENTS}}
            for r in db.session.scalars(query)]


def term_appraisal(term: Term, scope=None) -> dict:
    """Return the term's appraisal: the formula used, whether frozen, and the teachers' rows."""
    freeze = freeze_of(term)
    if freeze is not None:
        return {"term": term, "frozen": True, "frozen_at": freeze.frozen_at,
                "formula": freeze.formula, "rows": frozen_rows(term, scope)}
    values = setting(db.session.get(School, term.school_id), "appraisal_formula")
    return {"term": term, "frozen": False, "frozen_at": None, "formula": values,
            "rows": live_rows(term, Formula.from_setting(values), scope)}


def close_term(term: Term, actor: Staff) -> AppraisalFreeze:
    """Freeze the term's appraisal and close the term; closing again changes nothing."""
    freeze = freeze_of(term)
    if freeze is not None:
        return freeze
    school = db.session.get(School, term.school_id)
    today = datetime.now(ZoneInfo(school.timezone)).date()
    if today <= term.last_day:
        raise ApiError(409, "term_not_over",
                       f"学期到 {term.last_day} 才结束，结束后才能归档考核（归档后不能再改）")
    values = setting(school, "appraisal_formula")
    for row in live_rows(term, Formula.from_setting(values)):
        db.session.add(AppraisalResult(term_id=term.id, **row))
    freeze = AppraisalFreeze(school_id=school.id, term_id=term.id, frozen_by_id=actor.id,
                             formula=values)
    db.session.add(freeze)
    term.closed_at = utcnow()
    db.session.flush()
    return freeze
