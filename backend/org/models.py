"""Organisation models: every record below the district belongs to one school."""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class District(db.Model):
    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class School(db.Model):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    # Overrides of backend.org.settings.DEFAULTS; read through setting(school, name).
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped[District] = relationship()


class Term(db.Model):
    """A term: teaching week N runs Monday to Sunday, counted from first_monday."""

    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("school_id", "name"),
        CheckConstraint("week_count BETWEEN 1 AND 30", name="week_count_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    first_monday: Mapped[date]
    week_count: Mapped[int]
    closed_at = mapped_column(UTCDateTime, nullable=True)

    holidays: Mapped[list[Holiday]] = relationship(
        cascade="all, delete-orphan", order_by="Holiday.starts_on")
    makeup_days: Mapped[list[MakeupDay]] = relationship(
        cascade="all, delete-orphan", order_by="MakeupDay.on")

    @property
    def last_day(self) -> date:
        """The Sunday that ends the last teaching week."""
        return self.first_monday + timedelta(weeks=self.week_count, days=-1)


class Holiday(db.Model):
    __tablename__ = "holidays"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ordered"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class MakeupDay(db.Model):
    """调休: a weekend day that is a working day following another weekday's timetable."""

    __tablename__ = "makeup_days"
    __table_args__ = (
        UniqueConstraint("term_id", "on"),
        CheckConstraint("follows_weekday BETWEEN 1 AND 7", name="weekday_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"), index=True)
    on: Mapped[date]
    follows_weekday: Mapped[int]
    note: Mapped[str] = mapped_column(String(100), default="")


class Grade(db.Model):
    __tablename__ = "grades"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int] = mapped_column(default=0)


class ClassGroup(db.Model):
    __tablename__ = "class_groups"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    grade_id: Mapped[int] = mapped_column(ForeignKey("grades.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    number: Mapped[int]
    room: Mapped[str] = mapped_column(String(40), default="")
    floor: Mapped[str] = mapped_column(String(20), default="")

    grade: Mapped[Grade] = relationship()


class Subject(db.Model):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(20))


class TeachingGroup(db.Model):
    """教研组; its heads are its members holding the group_head role."""

    __tablename__ = "teaching_groups"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))


class Period(db.Model):
    """One row of the daily period schedule (作息时间)."""

    __tablename__ = "periods"
    __table_args__ = (
        UniqueConstraint("school_id", "number"),
        CheckConstraint("ends_at > starts_at", name="ordered"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[time]
    ends_at: Mapped[time]


class TimetableSlot(db.Model):
    """class × weekday × period → subject, teacher, room."""

    __tablename__ = "timetable_slots"
    __table_args__ = (
        UniqueConstraint("class_group_id", "weekday", "period_number"),
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    class_group_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"), index=True)
    weekday: Mapped[int]
    period_number: Mapped[int]
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    room: Mapped[str] = mapped_column(String(40), default="")

    class_group: Mapped[ClassGroup] = relationship()
    subject: Mapped[Subject] = relationship()
    teacher: Mapped["Staff"] = relationship()  # noqa: F821


class TeachingAssignment(db.Model):
    """任教班级: which classes a teacher teaches."""

    __tablename__ = "teaching_assignments"
    __table_args__ = (UniqueConstraint("staff_id", "class_group_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    class_group_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"), index=True)

    class_group: Mapped[ClassGroup] = relationship()
