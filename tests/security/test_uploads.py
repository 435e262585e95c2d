"""Uploads that try to be something else: traversal names, polyglots, scripts, bombs, wrong types."""
import io
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

from backend.extensions import db
from backend.observations.models import Photo
from tests.api.test_photos import jpeg
from tests.security.world import world  # noqa: F401  (fixture)


@pytest.fixture
def leader(client, world):
    client.login("LE")
    return client


def upload(client, obs_id, content, name="p.jpg", content_type=None):
    file = (io.BytesIO(content), name, content_type) if content_type else (io.BytesIO(content), name)
    return client.post(f"/api/v1/observations/{obs_id}/photos",
                       data={"file": file, "uuid": str(uuid.uuid4())},
                       content_type="multipart/form-data")


def files_under(folder) -> set[Path]:
    return {p for p in Path(folder).rglob("*") if p.is_file()}


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    return out.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header claims huge dimensions (a decompression bomb by header)."""
    data = bytearray(jpeg((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("name", ["../../../../evil.jpg", "..\\..\\evil.jpg", "/etc/cron.d/evil.jpg",
                                  "photo.jpg\x00.html", "....//....//evil.jpg"])
def test_file_name_never_chooses_where_the_photo_goes(app, leader, world, tmp_path, name):
    before = files_under(tmp_path)
    response = upload(leader, world["obs"], jpeg(color=(9, 9, 9)), name)
    assert response.status_code == 201, response.json
    written = files_under(tmp_path) - before
    photo_dir = Path(app.config["PHOTO_DIR"]).resolve()
    assert len(written) == 2 and all(p.resolve().is_relative_to(photo_dir) for p in written)
    assert all(p.name.startswith(db.session.get(Photo, response.json["id"]).sha256) for p in written)
    assert "evil" not in response.get_data(as_text=True)


@pytest.mark.parametrize("tail", [zip_bytes(), b"<html><script>alert(1)</script></html>"],
                         ids=["jpeg+zip", "jpeg+html"])
def test_polyglot_is_stored_as_a_clean_reencoded_jpeg(leader, world, tail):
    response = upload(leader, world["obs"], jpeg(color=(7, 8, 9)) + tail)
    assert response.status_code == 201, response.json
    stored = leader.get(response.json["url"])
    assert stored.mimetype == "image/jpeg" and stored.headers["X-Content-Type-Options"] == "nosniff"
    assert b"PK\x03\x04" not in stored.data and b"<script" not in stored.data
    assert stored.data.startswith(b"\xff\xd8") and stored.data.endswith(b"\xff\xd9")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/api/v1/me')</script></body></html>"


@pytest.mark.parametrize("name, content, content_type", [
    ("x.svg", SVG, "image/svg+xml"),
    ("x.jpg", SVG, "image/jpeg"),
    ("x.jpg", HTML, "image/jpeg"),
    ("x.jpg", zip_bytes(), "image/jpeg"),
    ("x.jpg", b"", "image/jpeg"),
    ("bomb.jpg", jpeg_claiming(60000, 60000), "image/jpeg"),
    ("wide.jpg", jpeg_claiming(65000, 800), "image/jpeg"),
])
def test_not_a_photo_is_refused_and_nothing_is_kept(app, leader, world, name, content, content_type):
    before = files_under(app.config["PHOTO_DIR"])
    count = db.session.scalar(db.select(db.func.count(Photo.id)))
    response = upload(leader, world["obs"], content, name, content_type)
    assert response.status_code == 422, response.json
    assert response.json["error"] == "photo_refused" and response.json["errors"]["file"]
    assert files_under(app.config["PHOTO_DIR"]) == before
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == count


def test_a_real_photo_sent_with_a_lying_content_type_is_judged_by_its_bytes(leader, world):
    response = upload(leader, world["obs"], jpeg(color=(1, 99, 1)), "x.html", "text/html")
    assert response.status_code == 201
    assert leader.get(response.json["url"]).mimetype == "image/jpeg"


@pytest.mark.parametrize("kwargs", [
    {"data": jpeg(), "content_type": "image/jpeg"},
    {"data": jpeg(), "content_type": "application/octet-stream"},
    {"json": {"file": "not a file", "uuid": str(uuid.uuid4())}},
], ids=["raw-jpeg", "octet-stream", "json"])
def test_photo_outside_a_multipart_form_is_a_clear_422(leader, world, kwargs):
    response = leader.post(f"/api/v1/observations/{world['obs']}/photos", **kwargs)
    assert response.status_code == 422 and "file" in response.json["errors"]["files"]


def test_request_over_the_size_limit_is_413_json(app, leader, world):
    app.config["MAX_CONTENT_LENGTH"], limit = 50_000, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = upload(leader, world["obs"], b"\xff\xd8" + b"\0" * 100_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert response.json["error"] == "request_entity_too_large" and "太大" in response.json["message"]
