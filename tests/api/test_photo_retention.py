"""Photo retention: past the school's period a photo goes, row and files, with an audit entry."""
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from backend.extensions import db
from backend.observations import cli, photos
from backend.observations.models import Photo
from backend.observations.retention import UPLOAD_GRACE_SECONDS, remove_unnamed_files
from tests.api.test_observations import as_, drop_in, world  # noqa: F401  (fixture)
from tests.api.test_photos import jpeg, stored_files, upload

LATER_MONDAY = "2027-01-04T08:10:00+08:00"  # week 19 of the same term, 42 days after week 13


@pytest.fixture
def on(monkeypatch):
    """Run `flask photos expire` as if on a given day in Beijing."""
    def set_day(day: str):
        monkeypatch.setattr(cli, "utcnow", lambda: datetime.fromisoformat(f"{day}T01:00:00+08:00")
                            .astimezone(timezone.utc))
    return set_day


@pytest.fixture
def two_records(app, world):  # noqa: F811
    """A record of 2026-11-23 and one of 2027-01-04, each with a photo of the same picture, the
    older one with a second picture of its own; every file written two hours ago."""
    leader = as_(app, "LE")
    old = leader.post("/api/v1/observations", json=drop_in(world)).json
    new = leader.post("/api/v1/observations", json=drop_in(world, observed_at=LATER_MONDAY)).json
    shared, own = jpeg(color=(10, 200, 10)), jpeg(color=(10, 10, 200))
    photo_ids = {"old_shared": upload(leader, old["id"], shared).json["id"],
                 "old_own": upload(leader, old["id"], own).json["id"],
                 "new_shared": upload(leader, new["id"], shared).json["id"]}
    two_hours_ago = time.time() - 2 * 3600
    for path in stored_files(app):
        os.utime(path, (two_hours_ago, two_hours_ago))
    return leader, old, new, photo_ids


def sha_of(photo_id: int) -> str:
    return db.session.get(Photo, photo_id).sha256


def test_expired_photos_go_with_their_files_and_an_audit_entry(app, runner, on, two_records):
    leader, old, new, ids = two_records
    shared, own = sha_of(ids["old_shared"]), sha_of(ids["old_own"])
    on("2027-11-24")  # 366 days after the older lesson, 324 after the newer
    result = runner.invoke(args=["photos", "expire"])
    assert result.exit_code == 0, result.output
    assert "删除超过 365 天的照片 2 张" in result.output
    assert "删除不再使用的照片文件 2 个" in result.output  # the older record's own photo, both sizes

    assert leader.get(f"/api/v1/photos/{ids['old_own']}").status_code == 404
    assert leader.get(f"/api/v1/photos/{ids['old_shared']}/thumb").status_code == 404
    assert [p["id"] for p in leader.get(f"/api/v1/observations/{old['id']}").json["photos"]] == []
    # The newer record keeps its photo, whose file the older one shared.
    assert leader.get(f"/api/v1/photos/{ids['new_shared']}").status_code == 200
    names = {p.name for p in stored_files(app)}
    assert names == {f"{shared}.jpg", f"{shared}_t.jpg"} and own not in "".join(names)

    trail = as_(app, "AD").get(f"/api/v1/observations/{old['id']}/audit").json
    expired = [e for e in trail if e["action"] == "photos_expired"]
    assert len(expired) == 1
    assert expired[0]["actor"] is None and expired[0]["changes"] == {"photos": [2, 0]}
    assert "365 天" in expired[0]["reason"]
    assert not [e for e in as_(app, "AD").get(f"/api/v1/observations/{new['id']}/audit").json
                if e["action"] == "photos_expired"]


def test_nothing_goes_before_its_day_and_a_second_run_finds_nothing(app, runner, on, two_records):
    leader, old, new, ids = two_records
    on("2027-11-23")  # exactly 365 days after the older lesson: still kept
    result = runner.invoke(args=["photos", "expire"])
    assert "删除超过 365 天的照片 0 张" in result.output and "照片文件 0 个" in result.output
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 3
    on("2027-11-24")
    runner.invoke(args=["photos", "expire"])
    again = runner.invoke(args=["photos", "expire"])
    assert "照片 0 张" in again.output and "照片文件 0 个" in again.output
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1


def test_the_school_sets_the_period(app, runner, on, two_records):
    office = as_(app, "AD")
    for bad in (10, 5000, "一年"):
        refused = office.patch("/api/v1/school/settings", json={"photo_retention_days": bad})
        assert refused.status_code == 422 and "photo_retention_days" in refused.json["errors"]
    assert office.get("/api/v1/school/settings").json["photo_retention_days"] == 365
    assert as_(app, "LE").patch("/api/v1/school/settings",
                                json={"photo_retention_days": 30}).status_code == 403
    answer = office.patch("/api/v1/school/settings", json={"photo_retention_days": 730})
    assert answer.status_code == 200 and answer.json["photo_retention_days"] == 730
    on("2027-11-24")
    assert "删除超过 730 天的照片 0 张" in runner.invoke(args=["photos", "expire"]).output
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 3


def test_files_no_row_names_go_only_once_no_upload_can_be_writing_them(app, two_records):
    folder = Path(app.config["PHOTO_DIR"])
    unnamed = photos.path_for(str(folder), "ab" * 32)
    unnamed.parent.mkdir(parents=True, exist_ok=True)
    unnamed.write_bytes(b"written by an upload whose row is not committed yet")
    leftover = unnamed.parent / ".upload-x1y2"  # a write cut short
    leftover.write_bytes(b"half a photo")
    before = {p.name for p in folder.rglob("*") if p.is_file()}

    assert remove_unnamed_files(str(folder)) == 0  # both were just written
    assert {p.name for p in folder.rglob("*") if p.is_file()} == before
    later = time.time() + UPLOAD_GRACE_SECONDS + 1
    assert remove_unnamed_files(str(folder), now=later) == 2
    assert not unnamed.exists() and not leftover.exists()
    assert len(stored_files(app)) == 4  # every file a row names stays, however old
