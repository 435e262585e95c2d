"""Photo retention: a school's photos go once its retention period has passed, rows and files.

Photos show classrooms with children; DOMAIN.md asks that they are not kept for ever. A photo
expires `photo_retention_days` (a school setting) after the day of its lesson, unless the week's
notice of its teacher is under appeal: the office may still need it. Its row goes with an audit
entry on the record. Published notices are not amended: their photos were shown when they
mattered, and the app says a photo is no longer there.
"""
from datetime import date, timedelta

from sqlalchemy import delete, select

from backend.extensions import db
from backend.notices.models import NoticeAppeal, WeeklyNotice
from backend.observations import photos
from backend.observations.models import AuditEntry, Observation, Photo
from backend.org.models import School
from backend.org.settings import setting

CHUNK = 500  # ids per statement, within every database's limit on bound parameters


def _chunks(values: list):
    return (values[start:start + CHUNK] for start in range(0, len(values), CHUNK))


def forget(photo_dir: str, rows: list[tuple[int, str]]) -> None:
    """Delete photo rows, given as (id, sha256), and the files no other row names; the caller
    commits.

    Files first: a crash before the commit leaves rows whose files are gone (the API answers
    404, and deleting again finishes the job), never files that no row names.
    """
    for chunk in _chunks([photo_id for photo_id, _ in rows]):
        db.session.execute(delete(Photo).where(Photo.id.in_(chunk)))
    hashes = sorted({sha256 for _, sha256 in rows})
    named = set()
    for chunk in _chunks(hashes):
        named.update(db.session.scalars(select(Photo.sha256).where(Photo.sha256.in_(chunk))))
    for sha256 in hashes:
        if sha256 not in named:
            photos.remove(photo_dir, sha256)


def expire_photos(school: School, today: date, photo_dir: str) -> int:
    """Delete the school's photos whose retention has passed; return how many. The caller commits."""
    days = setting(school, "photo_retention_days")
    under_appeal = (
        select(NoticeAppeal.id).join(WeeklyNotice, WeeklyNotice.id == NoticeAppeal.notice_id)
        .where(NoticeAppeal.status == "open", WeeklyNotice.school_id == Observation.school_id,
               WeeklyNotice.term_id == Observation.term_id, WeeklyNotice.week == Observation.week,
               WeeklyNotice.teacher_id == Observation.teacher_id).exists())
    expired = db.session.execute(
        select(Photo.id, Photo.sha256, Photo.observation_id).join(Observation)
        .where(Observation.school_id == school.id,
               Observation.local_date < today - timedelta(days=days), ~under_appeal)).all()
    per_record: dict[int, int] = {}
    for _, _, observation_id in expired:
        per_record[observation_id] = per_record.get(observation_id, 0) + 1
    for observation_id, count in per_record.items():
        # No actor: the school's rule did it, not a person.
        db.session.add(AuditEntry(school_id=school.id, observation_id=observation_id, actor_id=None,
                                  action="photos_expired", changes={"photos": [count, 0]},
                                  reason=f"照片超过保留期限（{days} 天），已自动删除"))
    forget(photo_dir, [(photo_id, sha256) for photo_id, sha256, _ in expired])
    return len(expired)
