"""A school's rubrics: an editable draft and published versions that never change."""
from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Rubric(db.Model):
    __tablename__ = "rubrics"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    # The draft being edited; None when nothing is pending.
    draft: Mapped[dict | None] = mapped_column(JSONDocument, nullable=True)
    draft_updated_at = mapped_column(UTCDateTime, nullable=True)
    archived_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[RubricVersion]] = relationship(
        back_populates="rubric", order_by="RubricVersion.number")

    @property
    def latest(self) -> RubricVersion | None:
        return self.versions[-1] if self.versions else None


class RubricVersion(db.Model):
    """A published rubric; observations point at the exact version they were scored on."""

    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("rubric_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id"), index=True)
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSONDocument)
    kinds: Mapped[str] = mapped_column(String(60), doc="comma-separated observation kinds")
    published_at = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    rubric: Mapped[Rubric] = relationship(back_populates="versions")


@event.listens_for(RubricVersion, "before_update")
def _versions_are_frozen(mapper, connection, target):
    raise ValueError("a published rubric version never changes; publish a new version")
