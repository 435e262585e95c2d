"""Storage faults: a full disk or an unwritable photo folder, and a database that went away.

The record the user saved stays; the error says in Chinese what happened and what to do.
"""
import errno
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from backend.extensions import db
from backend.observations import services
from backend.observations.models import Observation, Photo
from tests.api.test_photos import jpeg
from tests.security.test_uploads import upload
from tests.security.world import world  # noqa: F401  (fixture)


def leftovers(folder) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()]


@pytest.fixture
def leader(client, world):
    client.login("LE")
    return client


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EACCES, errno.EROFS],
                         ids=["disk full", "folder not writable", "read-only filesystem"])
def test_photo_write_fails_yet_the_observation_stays(app, leader, world, monkeypatch, fault):
    def failing_fsync(fd):
        raise OSError(fault, os.strerror(fault))

    before = leftovers(app.config["PHOTO_DIR"])
    monkeypatch.setattr(os, "fsync", failing_fsync)
    response = upload(leader, world["obs"], jpeg(color=(3, 4, 5)))
    assert response.status_code == 507
    assert response.json["error"] == "photo_storage_failed" and "记录本身已保存" in response.json["message"]
    assert leftovers(app.config["PHOTO_DIR"]) == before  # no half-written or temporary file
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1  # the world's photo only
    assert leader.get(f"/api/v1/observations/{world['obs']}").status_code == 200
    monkeypatch.undo()
    assert upload(leader, world["obs"], jpeg(color=(3, 4, 5))).status_code == 201  # space is back


def test_photo_folder_that_cannot_be_created(app, leader, world, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    app.config["PHOTO_DIR"] = str(blocked / "photos")
    response = upload(leader, world["obs"], jpeg(color=(6, 6, 6)))
    assert response.status_code == 507 and "稍后重新上传" in response.json["message"]


def test_database_gone_mid_request_is_a_503_that_saves_nothing(app, leader, world, monkeypatch):
    def lost_connection(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(services, "create_observation", lost_connection)
    record = {"uuid": str(uuid.uuid4()), "kind": "drop_in", "teacher_id": world["peer"],
              "rubric_version_id": world["version"], "answers": world["answers"]}
    response = leader.post("/api/v1/observations", json=record)
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.json["error"] == "database_unavailable" and "自动重试" in response.json["message"]
    monkeypatch.undo()
    assert leader.post("/api/v1/observations", json=record).status_code == 201  # the retry lands
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 2
