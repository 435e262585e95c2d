"""Staff members, their roles, server-side login sessions and login throttling."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

ROLES = ("admin", "leader", "group_head", "teacher", "district_researcher")


class Staff(db.Model):
    """A person who signs in; one person may hold several roles."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("school_id", "staff_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    # Null only for district-level people (教研员) who belong to no single school.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    staff_no: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(4), default="")
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(20), default="")
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    teaching_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("teaching_groups.id", ondelete="SET NULL"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    role_rows: Mapped[list[RoleAssignment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin")
    school: Mapped["School | None"] = relationship()  # noqa: F821
    subject: Mapped["Subject | None"] = relationship()  # noqa: F821
    teaching_group: Mapped["TeachingGroup | None"] = relationship(  # noqa: F821
        foreign_keys=[teaching_group_id])

    @property
    def roles(self) -> list[str]:
        return sorted(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return any(r.role in roles for r in self.role_rows)

    def set_roles(self, roles) -> None:
        wanted = set(roles)
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        have = {r.role for r in self.role_rows}
        self.role_rows.extend(RoleAssignment(role=r) for r in sorted(wanted - have))

    # Flask-Login protocol
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    def get_id(self) -> str:
        return str(self.id)


class RoleAssignment(db.Model):
    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("staff_id", "role"),
        CheckConstraint("role IN ('" + "','".join(ROLES) + "')", name="known_role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))


class LoginSession(db.Model):
    """A signed-in browser; revoking the row ends the session on the server."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow)
    revoked_at = mapped_column(UTCDateTime, nullable=True)


class LoginThrottle(db.Model):
    """Failed sign-ins per login name, shared by every worker through the database."""

    __tablename__ = "login_throttles"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at = mapped_column(UTCDateTime, default=utcnow)
    locked_until = mapped_column(UTCDateTime, nullable=True)
