"""The appeals (申诉) queue the office works through: one SQL query over appeals, their notices,
teachers, terms and resolvers, so listing many appeals never costs a query per appeal."""
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import aliased

from backend.accounts.models import Staff
from backend.notices.models import NoticeAppeal, WeeklyNotice
from backend.notices.responses import readable_notices
from backend.org.calendar import week_bounds
from backend.org.models import Term

QUEUE_STATUSES = ("open", "resolved", "all")

# Staff joins twice: as the notice's teacher and as the appeal's resolver.
teacher = aliased(Staff, name="teacher")
resolver = aliased(Staff, name="resolver")


def queue_query(staff: Staff, *, status: str, term_id: int | None = None,
                week: int | None = None, teacher_id: int | None = None):
    """Return a select of the appeals on notices staff may read, open ones first, oldest first."""
    query = (select(NoticeAppeal.id, NoticeAppeal.notice_id, NoticeAppeal.reason,
                    NoticeAppeal.status, NoticeAppeal.resolution, NoticeAppeal.created_at,
                    NoticeAppeal.resolved_at, WeeklyNotice.term_id, WeeklyNotice.week, Term,
                    teacher.id.label("teacher_id"), teacher.name.label("teacher_name"),
                    teacher.staff_no.label("teacher_staff_no"),
                    resolver.id.label("resolver_id"), resolver.name.label("resolver_name"),
                    resolver.staff_no.label("resolver_staff_no"))
             .join(WeeklyNotice, NoticeAppeal.notice_id == WeeklyNotice.id)
             .join(Term, WeeklyNotice.term_id == Term.id)
             .join(teacher, WeeklyNotice.teacher_id == teacher.id)
             .outerjoin(resolver, NoticeAppeal.resolved_by_id == resolver.id)
             .where(readable_notices(staff)))
    if status == "open":
        query = query.where(NoticeAppeal.status == "open")
    elif status == "resolved":
        query = query.where(NoticeAppeal.status != "open")
    for column, value in ((WeeklyNotice.term_id, term_id), (WeeklyNotice.week, week),
                          (WeeklyNotice.teacher_id, teacher_id)):
        if value is not None:
            query = query.where(column == value)
    # The office answers appeals in the order they came: the longest waiting first.
    waiting_first = case((NoticeAppeal.status == "open", 0), else_=1)
    return query.order_by(waiting_first, NoticeAppeal.created_at, NoticeAppeal.id)


def _person(pid, name, staff_no):
    return None if pid is None else {"id": pid, "name": name, "staff_no": staff_no}


def queue_item(row, now: datetime) -> dict:
    """Shape one row of queue_query() for the API, with the week's dates and the days open."""
    monday, sunday = week_bounds(row.Term, row.week)
    return {
        "id": row.id, "notice_id": row.notice_id, "reason": row.reason, "status": row.status,
        "resolution": row.resolution, "created_at": row.created_at, "resolved_at": row.resolved_at,
        "term_id": row.term_id, "week": row.week, "monday": monday, "sunday": sunday,
        "days_open": ((row.resolved_at or now) - row.created_at).days,
        "teacher": _person(row.teacher_id, row.teacher_name, row.teacher_staff_no),
        "resolved_by": _person(row.resolver_id, row.resolver_name, row.resolver_staff_no),
    }
