"""A teacher's answers to a published notice (已阅, 教学反思, 申诉) and the office's resolutions."""
from datetime import timedelta

from sqlalchemy import and_, or_, select

from backend.accounts.models import Staff
from backend.errors import ApiError
from backend.extensions import db
from backend.notices.models import NoticeAppeal, WeeklyNotice
from backend.notices.services import audit
from backend.org.models import School
from backend.org.settings import setting
from backend.timeutil import utcnow


def readable_notices(staff: Staff):
    """Return a SQL condition selecting the notices staff may read."""
    in_school = WeeklyNotice.school_id == staff.school_id
    if staff.has_role("admin"):
        return in_school
    published = and_(in_school, WeeklyNotice.status == "published")
    if staff.has_role("leader"):
        return published
    mine = WeeklyNotice.teacher_id == staff.id
    if staff.has_role("group_head") and staff.teaching_group_id is not None:
        members = select(Staff.id).where(Staff.teaching_group_id == staff.teaching_group_id)
        mine = or_(mine, WeeklyNotice.teacher_id.in_(members))
    return and_(published, mine)


def _own_published(staff: Staff, notice: WeeklyNotice) -> None:
    if notice.teacher_id != staff.id:
        raise ApiError(403, "forbidden", "只有被通报的教师本人可以回复")
    if notice.status != "published":
        raise ApiError(409, "not_published", "通报尚未发布")


def acknowledge(staff: Staff, notice: WeeklyNotice) -> WeeklyNotice:
    """Mark the notice read (已阅); doing it again changes nothing."""
    _own_published(staff, notice)
    if notice.acknowledged_at is None:
        notice.acknowledged_at = utcnow()
        audit(notice, staff, "acknowledge")
    db.session.flush()
    return notice


def reflect(staff: Staff, notice: WeeklyNotice, text: str) -> WeeklyNotice:
    """Write or rewrite the teacher's reflection (教学反思); each version stays in the audit."""
    _own_published(staff, notice)
    if text != notice.reflection:
        notice.reflection, notice.reflection_at = text, utcnow()
        audit(notice, staff, "reflect", text)
    db.session.flush()
    return notice


def appeal_deadline(notice: WeeklyNotice):
    days = setting(db.session.get(School, notice.school_id), "appeal_days")
    return notice.published_at + timedelta(days=days)


def appeal(staff: Staff, notice: WeeklyNotice, reason: str) -> NoticeAppeal:
    """Lodge an appeal (申诉) within the school's appeal window, one open at a time."""
    _own_published(staff, notice)
    if utcnow() > appeal_deadline(notice):
        days = setting(db.session.get(School, notice.school_id), "appeal_days")
        raise ApiError(409, "appeal_window_closed", f"通报发布已超过 {days} 天，不能再申诉")
    if any(a.status == "open" for a in notice.appeals):
        raise ApiError(409, "appeal_open", "已有一项申诉在处理中，请等待教导处答复")
    lodged = NoticeAppeal(notice=notice, reason=reason)
    db.session.add(lodged)
    audit(notice, staff, "appeal", reason)
    db.session.flush()
    return lodged


def resolve(actor: Staff, lodged: NoticeAppeal, outcome: str, reason: str) -> NoticeAppeal:
    """Close an appeal as upheld (维持) or corrected (更正); the record itself is corrected
    through the observation correction path, which attaches the amendment to the notice."""
    if lodged.status != "open":
        raise ApiError(409, "appeal_closed", "该申诉已处理")
    lodged.status, lodged.resolution = outcome, reason
    lodged.resolved_by_id, lodged.resolved_at = actor.id, utcnow()
    audit(lodged.notice, actor, outcome, reason)
    db.session.flush()
    return lodged
