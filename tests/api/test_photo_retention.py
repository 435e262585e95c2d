"""Photo retention: past the school's period a photo goes, row and files, with an audit entry."""
from datetime import datetime, timezone

import pytest

from backend.extensions import db
from backend.notices.models import NoticeAppeal, WeeklyNotice
from backend.observations import cli
from backend.observations.models import Photo
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
    older one with a second picture of its own."""
    leader = as_(app, "LE")
    old = leader.post("/api/v1/observations", json=drop_in(world)).json
    new = leader.post("/api/v1/observations", json=drop_in(world, observed_at=LATER_MONDAY)).json
    shared, own = jpeg(color=(10, 200, 10)), jpeg(color=(10, 10, 200))
    photo_ids = {"old_shared": upload(leader, old["id"], shared).json["id"],
                 "old_own": upload(leader, old["id"], own).json["id"],
                 "new_shared": upload(leader, new["id"], shared).json["id"]}
    return leader, old, new, photo_ids


def sha_of(photo_id: int) -> str:
    return db.session.get(Photo, photo_id).sha256


def photo_count() -> int:
    return db.session.scalar(db.select(db.func.count(Photo.id)))


def test_expired_photos_go_with_their_files_and_an_audit_entry(app, runner, on, two_records):
    leader, old, new, ids = two_records
    shared, own = sha_of(ids["old_shared"]), sha_of(ids["old_own"])
    on("2027-11-24")  # 366 days after the older lesson, 324 after the newer
    result = runner.invoke(args=["photos", "expire"])
    assert result.exit_code == 0, result.output
    assert "删除超过 365 天的照片 2 张" in result.output

    assert leader.get(f"/api/v1/photos/{ids['old_own']}").status_code == 404
    assert leader.get(f"/api/v1/photos/{ids['old_shared']}/thumb").status_code == 404
    assert [p["id"] for p in leader.get(f"/api/v1/observations/{old['id']}").json["photos"]] == []
    # The newer record keeps its photo, whose files the older one shared; the older record's
    # own picture is gone from the disk, both sizes.
    assert leader.get(f"/api/v1/photos/{ids['new_shared']}").status_code == 200
    assert {p.name for p in stored_files(app)} == {f"{shared}.jpg", f"{shared}_t.jpg"}

    trail = as_(app, "AD").get(f"/api/v1/observations/{old['id']}/audit").json
    expired = [e for e in trail if e["action"] == "photos_expired"]
    assert len(expired) == 1
    assert expired[0]["actor"] is None and expired[0]["changes"] == {"photos": [2, 0]}
    assert "365 天" in expired[0]["reason"]
    assert not [e for e in as_(app, "AD").get(f"/api/v1/observations/{new['id']}/audit").json
                if e["action"] == "photos_expired"]


def test_nothing_goes_before_its_day_and_a_second_run_finds_nothing(app, runner, on, two_records):
    on("2027-11-23")  # exactly 365 days after the older lesson: still kept
    assert "删除超过 365 天的照片 0 张" in runner.invoke(args=["photos", "expire"]).output
    assert photo_count() == 3 and len(stored_files(app)) == 4
    on("2027-11-24")
    runner.invoke(args=["photos", "expire"])
    assert "照片 0 张" in runner.invoke(args=["photos", "expire"]).output
    assert photo_count() == 1 and len(stored_files(app)) == 2


def test_photos_of_a_week_under_appeal_wait_for_the_decision(app, runner, on, world, two_records):  # noqa: F811
    _, old, _, _ = two_records
    notice = WeeklyNotice(school_id=world["school"].id, term_id=old["term_id"], week=old["week"],
                          teacher_id=world["teacher"].id, status="published", content={})
    db.session.add(notice)
    db.session.flush()
    appeal = NoticeAppeal(notice_id=notice.id, reason="当节是代课")
    db.session.add(appeal)
    db.session.commit()
    on("2027-11-24")
    assert "照片 0 张" in runner.invoke(args=["photos", "expire"]).output
    appeal.status = "upheld"
    db.session.commit()
    assert "照片 2 张" in runner.invoke(args=["photos", "expire"]).output


def test_the_school_sets_the_period(app, runner, on, two_records):
    office = as_(app, "AD")
    for bad in (30, 179, 5000, "一年"):
        refused = office.patch("/api/v1/school/settings", json={"photo_retention_days": bad})
        assert refused.status_code == 422 and "photo_retention_days" in refused.json["errors"]
    assert office.get("/api/v1/school/settings").json["photo_retention_days"] == 365
    assert as_(app, "LE").patch("/api/v1/school/settings",
                                json={"photo_retention_days": 730}).status_code == 403
    answer = office.patch("/api/v1/school/settings", json={"photo_retention_days": 730})
    assert answer.status_code == 200 and answer.json["photo_retention_days"] == 730
    on("2027-11-24")
    assert "删除超过 730 天的照片 0 张" in runner.invoke(args=["photos", "expire"]).output
    assert photo_count() == 3
