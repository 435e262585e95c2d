"""What an observer recorded, the photos with it, the audit trail, open lessons and action steps."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint,
                        Uuid)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

JSONDocument = JSON().with_variant(JSONB(), "postgresql")
KINDS = ("patrol", "drop_in", "open_lesson", "incident")
STATUSES = ("draft", "submitted")


class Observation(db.Model):
    __tablename__ = "observations"
    __table_args__ = (
        CheckConstraint("kind IN ('" + "','".join(KINDS) + "')", name="known_kind"),
        CheckConstraint("status IN ('" + "','".join(STATUSES) + "')", name="known_status"),
        CheckConstraint("observer_id <> teacher_id", name="not_self"),
        UniqueConstraint("open_lesson_id", "observer_id"),
        db.Index("ix_observations_school_week", "school_id", "term_id", "week"),
        db.Index("ix_observations_teacher_date", "teacher_id", "local_date"),
        db.Index("ix_observations_observer_date", "observer_id", "local_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Generated on the phone; a replayed create finds the stored record by it.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    observer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    class_group_id: Mapped[int | None] = mapped_column(ForeignKey("class_groups.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    timetable_slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("timetable_slots.id", ondelete="SET NULL"))
    period_number: Mapped[int | None]
    observed_at = mapped_column(UTCDateTime)
    local_date: Mapped[date]  # the school's calendar date of observed_at
    term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    week: Mapped[int | None]  # teaching week
    open_lesson_id: Mapped[int | None] = mapped_column(ForeignKey("open_lessons.id"))
    rubric_version_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.id"))
    answers: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    score: Mapped[dict | None] = mapped_column(JSONDocument, nullable=True)
    total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    band: Mapped[str | None] = mapped_column(String(20))
    praise_count: Mapped[int] = mapped_column(default=0)
    problem_count: Mapped[int] = mapped_column(default=0)
    problem_points: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=0)
    incident_count: Mapped[int] = mapped_column(default=0)
    strengths: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    incident_rule: Mapped[str] = mapped_column(String(200), default="")
    incident_deduction: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    talk_held: Mapped[bool] = mapped_column(default=False)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at = mapped_column(UTCDateTime, nullable=True)
    # When the observed teacher marked it read (已阅); set once.
    acknowledged_at = mapped_column(UTCDateTime, nullable=True)

    observer: Mapped["Staff"] = relationship(foreign_keys=[observer_id])  # noqa: F821
    teacher: Mapped["Staff"] = relationship(foreign_keys=[teacher_id])  # noqa: F821
    class_group: Mapped["ClassGroup | None"] = relationship()  # noqa: F821
    timetable_slot: Mapped["TimetableSlot | None"] = relationship()  # noqa: F821
    subject: Mapped["Subject | None"] = relationship()  # noqa: F821
    rubric_version: Mapped["RubricVersion | None"] = relationship()  # noqa: F821
    photos: Mapped[list[Photo]] = relationship(
        back_populates="observation", order_by="Photo.id", lazy="selectin")
    action_steps: Mapped[list[ActionStep]] = relationship(
        foreign_keys="ActionStep.observation_id", order_by="ActionStep.id", lazy="selectin",
        viewonly=True)


class Photo(db.Model):
    """A photo stored under its content hash, outside any static folder."""

    __tablename__ = "photos"
    __table_args__ = (UniqueConstraint("observation_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # is a file still named?
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    created_at = mapped_column(UTCDateTime, default=utcnow)

    observation: Mapped[Observation] = relationship(back_populates="photos")


class AuditEntry(db.Model):
    """Who changed which observation, when, what changed and why."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: a school rule
    action: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    at = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped["Staff | None"] = relationship()  # noqa: F821


class OpenLesson(db.Model):
    """A scheduled 公开课 scored by several named raters on one rubric version."""

    __tablename__ = "open_lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    title: Mapped[str] = mapped_column(String(100), default="")
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    class_group_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    starts_at = mapped_column(UTCDateTime)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    teacher: Mapped["Staff"] = relationship(foreign_keys=[teacher_id])  # noqa: F821
    class_group: Mapped["ClassGroup"] = relationship()  # noqa: F821
    subject: Mapped["Subject"] = relationship()  # noqa: F821
    raters: Mapped[list[OpenLessonRater]] = relationship(cascade="all, delete-orphan",
                                                         lazy="selectin")


class OpenLessonRater(db.Model):
    __tablename__ = "open_lesson_raters"
    __table_args__ = (UniqueConstraint("open_lesson_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    open_lesson_id: Mapped[int] = mapped_column(
        ForeignKey("open_lessons.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    staff: Mapped["Staff"] = relationship()  # noqa: F821


class ActionStep(db.Model):
    """A suggestion the teacher works on; the next drop-in visit checks it."""

    __tablename__ = "action_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    met_at = mapped_column(UTCDateTime, nullable=True)
    met_observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
