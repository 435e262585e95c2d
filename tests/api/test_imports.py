"""Roster import through the API: dry run report, then the real thing."""
import io
from pathlib import Path

import pytest

from backend.extensions import db
from tests.factories import create_school, create_staff

SAMPLES = Path(__file__).resolve().parents[2] / "backend" / "demo"


@pytest.fixture
def office(client, app):
    create_staff(create_school(), ("admin",), staff_no="A1")
    db.session.commit()
    client.login("A1")
    return client


def upload(client, kind, content: bytes, name="f.csv", **form):
    return client.post(f"/api/v1/imports/{kind}", data={"file": (io.BytesIO(content), name), **form},
                       content_type="multipart/form-data")


def test_dry_run_then_import(office):
    content = (SAMPLES / "demo_school_periods.csv").read_bytes()
    dry = upload(office, "periods", content, dry_run="true")
    assert dry.status_code == 200
    assert (dry.json["created"], dry.json["applied"]) == (7, False)
    assert office.get("/api/v1/periods").json == []
    real = upload(office, "periods", content)
    assert (real.json["created"], real.json["applied"]) == (7, True)
    assert "新增 7" in real.json["summary"]
    assert office.get("/api/v1/periods").json[0] == {"number": 1, "label": "第1节",
                                                     "starts_at": "08:00", "ends_at": "08:45"}


def test_bad_rows_listed_with_numbers(office):
    content = "工号,姓名\nT1,张三\nT2,\n".encode("gbk")
    response = upload(office, "staff", content)
    assert response.json["applied"] is False
    assert response.json["errors"] == [{"row": 3, "reason": "姓名为空"}]
    assert [s["staff_no"] for s in office.get("/api/v1/staff").json] == ["A1"]


def test_missing_file_is_a_validation_error(office):
    response = office.post("/api/v1/imports/staff", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in str(response.json["errors"])
    assert office.post("/api/v1/imports/grades", data={}).status_code == 404
