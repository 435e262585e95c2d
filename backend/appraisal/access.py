"""Whose results a person may read: their own; a group head their group; office and leaders all."""
from sqlalchemy import or_

from backend.accounts.models import Staff


def readable_staff(user: Staff):
    """Return a SQL condition on Staff selecting the people whose results user may read."""
    if user.has_role("admin", "leader"):
        return Staff.school_id == user.school_id
    if user.has_role("group_head") and user.teaching_group_id is not None:
        return or_(Staff.id == user.id, Staff.teaching_group_id == user.teaching_group_id)
    return Staff.id == user.id


def may_read_staff(user: Staff, staff: Staff) -> bool:
    if staff.school_id != user.school_id:
        return False
    if user.has_role("admin", "leader") or staff.id == user.id:
        return True
    return (user.has_role("group_head") and user.teaching_group_id is not None
            and staff.teaching_group_id == user.teaching_group_id)
