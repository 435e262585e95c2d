"""Who may read or change an observation."""
from datetime import timedelta

from sqlalchemy import and_, or_, select

from backend.accounts.models import Staff
from backend.notices.models import week_published
from backend.observations.models import Observation
from backend.org.settings import setting
from backend.timeutil import utcnow


def heads_group_of(staff: Staff, teacher: Staff) -> bool:
    """Tell whether staff heads teacher's teaching group; a head of no group heads no one."""
    return (staff.has_role("group_head") and staff.teaching_group_id is not None
            and teacher.teaching_group_id == staff.teaching_group_id)


def readable_by(staff: Staff):
    """Return a SQL condition selecting the observations staff may read."""
    in_school = Observation.school_id == staff.school_id
    if staff.has_role("admin", "leader"):
        return in_school
    mine = or_(Observation.observer_id == staff.id,
               and_(Observation.teacher_id == staff.id, Observation.status == "submitted"))
    if staff.has_role("group_head") and staff.teaching_group_id is not None:
        group_members = select(Staff.id).where(Staff.teaching_group_id == staff.teaching_group_id)
        mine = or_(mine, and_(Observation.teacher_id.in_(group_members),
                              Observation.status == "submitted"))
    return and_(in_school, mine)


def can_read(staff: Staff, observation: Observation) -> bool:
    if observation.school_id != staff.school_id:
        return False
    if staff.has_role("admin", "leader") or observation.observer_id == staff.id:
        return True
    if observation.status != "submitted":
        return False
    return observation.teacher_id == staff.id or heads_group_of(staff, observation.teacher)


def observer_may_edit(observation: Observation) -> bool:
    """The observer edits until the week is published (or the school's shorter window ends)."""
    if observation.status == "draft":
        return True
    if week_published(observation.school_id, observation.term_id, observation.week):
        return False
    days = setting(observation.observer.school, "edit_window_days")
    # From the lesson, or from when the record reached the server if that was earlier: moving
    # observed_at later must not open the window again.
    since = min(observation.observed_at, observation.created_at or observation.observed_at)
    return days is None or utcnow() <= since + timedelta(days=days)
