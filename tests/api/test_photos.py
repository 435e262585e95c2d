"""Photos: only real images are kept, upright and without metadata, shown only to readers."""
import io
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageOps

from backend.extensions import db
from backend.notices.models import WeekPublication
from backend.observations import photos
from backend.observations.models import Observation, Photo
from tests.api.test_observations import as_, drop_in, world  # noqa: F401  (fixture)
from tests.client import ApiClient


def jpeg(size=(800, 600), exif=None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", exif=exif if exif is not None else b"")
    return out.getvalue()


def gps_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotated 90° as phones write it
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (30.0, 15.0, 20.0), 3: "E", 4: (120.0, 10.0, 5.0)})
    return exif


@pytest.fixture
def observation(app, world):  # noqa: F811
    leader = as_(app, "LE")
    obs = leader.post("/api/v1/observations", json=drop_in(world)).json
    return leader, obs["id"]


def upload(client, obs_id, content, name="p.jpg", photo_uuid=None):
    return client.post(f"/api/v1/observations/{obs_id}/photos",
                       data={"file": (io.BytesIO(content), name), "uuid": photo_uuid or str(uuid.uuid4())},
                       content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["PHOTO_DIR"]).rglob("*.jpg")]


def test_photo_is_upright_small_and_without_metadata(app, observation):
    leader, obs_id = observation
    original = jpeg((4000, 3000), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload carries GPS
    response = upload(leader, obs_id, original)
    assert response.status_code == 201, response.json
    assert (response.json["width"], response.json["height"]) == (1200, 1600)  # turned upright
    stored = leader.get(response.json["url"])
    assert stored.status_code == 200 and stored.mimetype == "image/jpeg"
    assert "private" in stored.headers["Cache-Control"]
    image = Image.open(io.BytesIO(stored.data))
    assert max(image.size) == 1600
    exif = image.getexif()
    assert len(exif) == 0 and not exif.get_ifd(0x8825)
    assert b"PhoneMaker" not in stored.data
    thumb = Image.open(io.BytesIO(leader.get(response.json["thumb_url"]).data))
    assert max(thumb.size) == 320


def test_same_upload_twice_is_one_photo(app, observation):
    leader, obs_id = observation
    photo_uuid = str(uuid.uuid4())
    first = upload(leader, obs_id, jpeg(), photo_uuid=photo_uuid)
    again = upload(leader, obs_id, jpeg(), photo_uuid=photo_uuid)
    same_content = upload(leader, obs_id, jpeg())
    assert (first.status_code, again.status_code, same_content.status_code) == (201, 200, 200)
    assert first.json["id"] == again.json["id"] == same_content.json["id"]
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1
    assert len(stored_files(app)) == 2  # the copy and its thumbnail


def test_adding_and_removing_a_photo_are_in_the_audit_trail(app, observation):
    leader, obs_id = observation
    photo_id = upload(leader, obs_id, jpeg()).json["id"]
    assert leader.delete(f"/api/v1/photos/{photo_id}").status_code == 204
    trail = as_(app, "AD").get(f"/api/v1/observations/{obs_id}/audit").json
    assert [(e["action"], e["actor"]["staff_no"], e["changes"]) for e in trail[1:]] == [
        ("photo_added", "LE", {"photo_id": [None, photo_id]}),
        ("photo_removed", "LE", {"photo_id": [photo_id, None]})]


def test_a_deleted_photo_leaves_no_file_unless_another_record_shows_it(app, world, observation):  # noqa: F811
    leader, obs_id = observation
    other = leader.post("/api/v1/observations", json=drop_in(world)).json["id"]
    shared, own = jpeg(color=(0, 0, 250)), jpeg(color=(250, 250, 0))
    own_id = upload(leader, obs_id, own).json["id"]
    shared_id = upload(leader, obs_id, shared).json["id"]
    upload(leader, other, shared)
    assert len(stored_files(app)) == 4
    assert leader.delete(f"/api/v1/photos/{own_id}").status_code == 204
    assert leader.delete(f"/api/v1/photos/{shared_id}").status_code == 204
    left = db.session.scalar(db.select(Photo.sha256))
    assert {p.name for p in stored_files(app)} == {f"{left}.jpg", f"{left}_t.jpg"}
    assert leader.get(f"/api/v1/observations/{other}").json["photos"][0]["id"] != shared_id


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # tiny file, 400 megapixels
    return out.getvalue()


@pytest.mark.parametrize("name, content, reason", [
    ("notes.jpg", b"%PDF-1.4 this is not an image", "不是可识别的照片"),
    ("truncated.jpg", jpeg((1200, 900))[:3000], "损坏"),
    ("bomb.png", _bomb(), "像素过大"),
    ("anim.gif", _gif(), "只接受"),
])
def test_bad_photos_refused_and_nothing_stored(app, observation, name, content, reason):
    leader, obs_id = observation
    response = upload(leader, obs_id, content, name)
    assert response.status_code == 422, response.json
    assert reason in response.json["message"]
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 0
    assert stored_files(app) == []


def test_too_large_refused(app, observation):
    leader, obs_id = observation
    app.config["PHOTO_MAX_BYTES"] = 10_000
    try:
        response = upload(leader, obs_id, jpeg((1600, 1200), color=(1, 2, 3)) + os.urandom(20_000))
    finally:
        app.config["PHOTO_MAX_BYTES"] = 20 * 1024 * 1024
    assert response.status_code == 422 and "不能超过" in response.json["message"]
    assert stored_files(app) == []


def test_photos_only_for_those_who_may_read_the_record(app, observation):
    leader, obs_id = observation
    photo = upload(leader, obs_id, jpeg()).json
    assert as_(app, "TE").get(photo["url"]).status_code == 200  # the observed teacher
    assert as_(app, "GH").get(photo["thumb_url"]).status_code == 200  # the group head
    for outsider in ("PE", "OT"):
        assert as_(app, outsider).get(photo["url"]).status_code == 404
    assert ApiClient(app).get(photo["url"]).status_code == 401
    assert as_(app, "TE").delete(f"/api/v1/photos/{photo['id']}").status_code == 403
    assert leader.delete(f"/api/v1/photos/{photo['id']}").status_code == 204


def test_unwritable_photo_folder_keeps_the_observation(app, observation, tmp_path):
    leader, obs_id = observation
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    app.config["PHOTO_DIR"], original = str(blocked), app.config["PHOTO_DIR"]
    try:
        response = upload(leader, obs_id, jpeg())
    finally:
        app.config["PHOTO_DIR"] = original
    assert response.status_code == 507 and "记录本身已保存" in response.json["message"]
    assert leader.get(f"/api/v1/observations/{obs_id}").status_code == 200
    assert upload(leader, obs_id, jpeg()).status_code == 201  # retry once storage is back


def test_photos_of_a_record_synced_late_still_attach_after_publication(app, observation):
    """A phone offline since the patrol sends the record, then its photos, after publication."""
    leader, obs_id = observation
    obs = db.session.get(Observation, obs_id)
    db.session.add(WeekPublication(school_id=obs.school_id, term_id=obs.term_id, week=obs.week))
    db.session.commit()
    assert leader.patch(f"/api/v1/observations/{obs_id}", json={"remarks": "补"}).status_code == 409

    sent = upload(leader, obs_id, jpeg())
    assert sent.status_code == 201  # the record reached the server just now
    assert leader.delete(f"/api/v1/photos/{sent.json['id']}").status_code == 409  # no edits

    obs.created_at -= timedelta(days=4)  # the grace for late photos is over
    db.session.commit()
    late = upload(leader, obs_id, jpeg(color=(0, 90, 0)))
    assert late.status_code == 409 and late.json["error"] == "edit_window_closed"
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1


@pytest.mark.parametrize("size", [(4000, 3000), (3024, 4032), (1601, 17), (4000, 3), (1600, 1200)])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_banded_upright_copy_matches_one_resize_and_turn(size, orientation):
    image = Image.effect_noise(size, 60).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    image.info["exif"] = exif.tobytes()
    scale = photos.LONG_SIDE / max(size)
    whole = (image if scale >= 1 else
             image.resize((round(size[0] * scale), round(size[1] * scale)), Image.Resampling.BOX))
    whole.info["exif"] = image.info["exif"]
    turn = photos._UPRIGHT.get(orientation)
    assert photos.upright_copy(image, photos.LONG_SIDE, turn).tobytes() == \
        ImageOps.exif_transpose(whole).tobytes()
