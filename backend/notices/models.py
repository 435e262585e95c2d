"""A published teaching week: from then on its records are frozen for their observers."""
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class WeekPublication(db.Model):
    __tablename__ = "week_publications"
    __table_args__ = (UniqueConstraint("school_id", "term_id", "week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    week: Mapped[int]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at = mapped_column(UTCDateTime, default=utcnow)


def week_published(school_id: int, term_id: int | None, week: int | None) -> bool:
    """Tell whether the notices of that teaching week have been published."""
    if term_id is None or week is None:
        return False
    return db.session.scalar(db.select(WeekPublication.id).where(
        WeekPublication.school_id == school_id, WeekPublication.term_id == term_id,
        WeekPublication.week == week)) is not None
