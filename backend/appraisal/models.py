"""A closed term's appraisal, frozen: later corrections of its records never change it."""
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class AppraisalFreeze(db.Model):
    """The closing of a term's appraisal: when, by whom, with which formula."""

    __tablename__ = "appraisal_freezes"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), unique=True)
    formula: Mapped[dict] = mapped_column(JSON)
    frozen_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    frozen_at = mapped_column(UTCDateTime, default=utcnow)


class AppraisalResult(db.Model):
    """One teacher's frozen appraisal: every component as it stood when the term closed."""

    __tablename__ = "appraisal_results"
    __table_args__ = (UniqueConstraint("term_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))  # indexed by the unique pair
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    # Name and group as they were, so the filed export reads the same years later.
    staff_no: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(40))
    group_name: Mapped[str | None] = mapped_column(String(40))
    lessons_counted: Mapped[int]
    mean_lesson_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    lesson_points: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    praise_count: Mapped[int]
    praise_points: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    problem_points: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    problem_deduction: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    incident_count: Mapped[int]
    incident_deduction: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    result: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    excellence_eligible: Mapped[bool]
