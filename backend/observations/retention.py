"""Photo retention: a school's photos go once its retention period has passed, rows and files.

Photos show classrooms with children; DOMAIN.md asks that they are not kept for ever. A photo
expires `photo_retention_days` (a school setting) after the day of its lesson. Its row goes with
an audit entry on the record; its files go when no row names them any more. Published notices
are not amended: their photos were shown when they mattered, and the app says they have expired.
"""
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from backend.extensions import db
from backend.observations.models import AuditEntry, Observation, Photo
from backend.org.models import School
from backend.org.settings import setting

# A file that no row names is normal for a moment: an upload writes its files before its row
# (backend/api/photos.py). Only files untouched for this long are taken to be left over.
UPLOAD_GRACE_SECONDS = 3600


def expire_photos(school: School, today: date) -> int:
    """Delete the rows of the school's photos whose retention has passed; return how many."""
    days = setting(school, "photo_retention_days")
    expired = db.session.execute(
        select(Photo.id, Photo.observation_id).join(Observation)
        .where(Observation.school_id == school.id,
               Observation.local_date < today - timedelta(days=days))).all()
    per_record: dict[int, int] = {}
    for _, observation_id in expired:
        per_record[observation_id] = per_record.get(observation_id, 0) + 1
    for observation_id, count in per_record.items():
        # No actor: the school's rule did it, not a person.
        db.session.add(AuditEntry(school_id=school.id, observation_id=observation_id, actor_id=None,
                                  action="photos_expired", changes={"photos": [count, 0]},
                                  reason=f"照片超过保留期限（{days} 天），已自动删除"))
    ids = [photo_id for photo_id, _ in expired]
    for start in range(0, len(ids), 500):  # within every database's limit on bound parameters
        db.session.execute(delete(Photo).where(Photo.id.in_(ids[start:start + 500])))
    return len(ids)


def remove_unnamed_files(photo_dir: str, now: float | None = None) -> int:
    """Delete the stored files no photo row names (expired, deleted, or an upload that failed
    after writing them), once untouched for UPLOAD_GRACE_SECONDS; return how many."""
    now = time.time() if now is None else now
    removed = 0
    for shard in sorted(Path(photo_dir).glob("[0-9a-f][0-9a-f]")):
        named = set(db.session.scalars(
            select(Photo.sha256).where(Photo.sha256.startswith(shard.name)).distinct()))
        for path in shard.iterdir():
            sha256 = path.name.split(".")[0].removesuffix("_t")
            if sha256 in named:
                continue
            try:
                if now - path.stat().st_mtime >= UPLOAD_GRACE_SECONDS:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another run took it first
                pass
    return removed
