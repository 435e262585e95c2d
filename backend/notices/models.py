"""Weekly notices to each teacher, their amendments, responses, audit trail and notifications."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.observations.models import JSONDocument
from backend.timeutil import UTCDateTime, utcnow

NOTICE_STATUSES = ("draft", "published")
APPEAL_STATUSES = ("open", "upheld", "corrected")


class WeekPublication(db.Model):
    """A published teaching week: from then on its records are frozen for their observers."""

    __tablename__ = "week_publications"
    __table_args__ = (UniqueConstraint("school_id", "term_id", "week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    week: Mapped[int]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at = mapped_column(UTCDateTime, default=utcnow)
    # What became of posting the bulletin summary to the school's group-robot webhook.
    webhook_status: Mapped[str] = mapped_column(String(12), default="none")
    webhook_detail: Mapped[str] = mapped_column(Text, default="")


class WeeklyNotice(db.Model):
    """每周通报到人: one teacher's week, frozen as a snapshot once published."""

    __tablename__ = "weekly_notices"
    __table_args__ = (
        UniqueConstraint("school_id", "term_id", "week", "teacher_id"),
        CheckConstraint("status IN ('" + "','".join(NOTICE_STATUSES) + "')", name="known_status"),
        db.Index("ix_weekly_notices_teacher", "teacher_id", "term_id", "week"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    week: Mapped[int]
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    content: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    built_at = mapped_column(UTCDateTime, default=utcnow)
    published_at = mapped_column(UTCDateTime, nullable=True)
    acknowledged_at = mapped_column(UTCDateTime, nullable=True)
    reflection: Mapped[str] = mapped_column(Text, default="")
    reflection_at = mapped_column(UTCDateTime, nullable=True)

    teacher: Mapped["Staff"] = relationship()  # noqa: F821
    amendments: Mapped[list[NoticeAmendment]] = relationship(
        order_by="NoticeAmendment.id", lazy="selectin", back_populates="notice")
    appeals: Mapped[list[NoticeAppeal]] = relationship(
        order_by="NoticeAppeal.id", lazy="selectin", back_populates="notice")


class NoticeAmendment(db.Model):
    """A later correction of a published notice: a new frozen snapshot, never an overwrite."""

    __tablename__ = "notice_amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("weekly_notices.id", ondelete="CASCADE"), index=True)
    content: Mapped[dict] = mapped_column(JSONDocument)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    notice: Mapped[WeeklyNotice] = relationship(back_populates="amendments")
    actor: Mapped["Staff"] = relationship()  # noqa: F821


class NoticeAppeal(db.Model):
    """申诉: a teacher's objection to a published notice, upheld or corrected by the office."""

    __tablename__ = "notice_appeals"
    __table_args__ = (
        CheckConstraint("status IN ('" + "','".join(APPEAL_STATUSES) + "')", name="known_status"),
        # One open appeal per notice, even when two requests race past the service's check.
        db.Index("uq_notice_appeals_one_open", "notice_id", unique=True,
                 sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("weekly_notices.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    resolved_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    notice: Mapped[WeeklyNotice] = relationship(back_populates="appeals")
    resolved_by: Mapped["Staff | None"] = relationship()  # noqa: F821


class NoticeAuditEntry(db.Model):
    """Who did what to a notice (publish, amend, acknowledge, reflect, appeal, resolve) and when."""

    __tablename__ = "notice_audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("weekly_notices.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    at = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped["Staff"] = relationship()  # noqa: F821


class Notification(db.Model):
    """An in-app message to one person, read or not."""

    __tablename__ = "notifications"
    __table_args__ = (db.Index("ix_notifications_staff", "staff_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("weekly_notices.id", ondelete="CASCADE"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    read_at = mapped_column(UTCDateTime, nullable=True)


def week_published(school_id: int, term_id: int | None, week: int | None) -> bool:
    """Tell whether the notices of that teaching week have been published."""
    if term_id is None or week is None:
        return False
    return db.session.scalar(db.select(WeekPublication.id).where(
        WeekPublication.school_id == school_id, WeekPublication.term_id == term_id,
        WeekPublication.week == week)) is not None
