"""Each role reaches only what it may: a matrix over every foundation endpoint."""
import io

import pytest

from backend.extensions import db
from tests.client import ApiClient
from tests.factories import create_group, create_periods, create_school, create_slot, create_staff, create_term

ROLES = ["anonymous", "teacher", "group_head", "leader", "admin", "other_school_admin"]
EVERYONE = {"teacher", "group_head", "leader", "admin"}
OFFICE = {"admin"}


@pytest.fixture
def world(app):
    school = create_school()
    group = create_group(school)
    people = {
        "teacher": create_staff(school, ("teacher",), staff_no="TE", group=group),
        "group_head": create_staff(school, ("teacher", "group_head"), staff_no="GH", group=group),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE"),
        "admin": create_staff(school, ("admin",), staff_no="AD"),
        "other_school_admin": create_staff(create_school(), ("admin",), staff_no="OA"),
    }
    term = create_term(school)
    create_periods(school)
    slot = create_slot(school, people["teacher"])
    db.session.commit()
    return {"staff": people["teacher"].id, "group": group.id, "term": term.id, "slot": slot.id,
            "class": slot.class_group_id, "subject": slot.subject_id}


# (method, path template, json body, roles allowed); ids come from the world fixture.
ENDPOINTS = [
    ("GET", "/api/v1/me", None, EVERYONE),
    ("GET", "/api/v1/staff", None, EVERYONE),
    ("GET", "/api/v1/staff/{staff}", None, EVERYONE),
    ("POST", "/api/v1/staff", {"staff_no": "N1", "name": "新人"}, OFFICE),
    ("PATCH", "/api/v1/staff/{staff}", {"title": "备课组长"}, OFFICE),
    ("POST", "/api/v1/staff/{staff}/password-reset", {"new_password": "temp-1234"}, OFFICE),
    ("GET", "/api/v1/grades", None, EVERYONE),
    ("GET", "/api/v1/subjects", None, EVERYONE),
    ("GET", "/api/v1/classes", None, EVERYONE),
    ("POST", "/api/v1/classes", {"name": "九年级(9)班"}, OFFICE),
    ("PATCH", "/api/v1/classes/{class}", {"floor": "3楼"}, OFFICE),
    ("GET", "/api/v1/groups", None, EVERYONE),
    ("POST", "/api/v1/groups", {"name": "综合组"}, OFFICE),
    ("PATCH", "/api/v1/groups/{group}", {"name": "语文教研组"}, OFFICE),
    ("GET", "/api/v1/periods", None, EVERYONE),
    ("GET", "/api/v1/terms", None, EVERYONE),
    ("GET", "/api/v1/terms/{term}", None, EVERYONE),
    ("POST", "/api/v1/terms", {"name": "2027春", "first_monday": "2027-02-22", "week_count": 20}, OFFICE),
    ("PATCH", "/api/v1/terms/{term}", {"name": "改名"}, OFFICE),
    ("GET", "/api/v1/terms/{term}/weeks", None, EVERYONE),
    ("GET", "/api/v1/calendar/day?date=2026-09-01", None, EVERYONE),
    ("GET", "/api/v1/timetable", None, EVERYONE),
    ("POST", "/api/v1/timetable", {"class_group_id": "{class}", "weekday": 2, "period_number": 1,
                                   "subject_id": "{subject}", "teacher_id": "{staff}"}, OFFICE),
    ("PATCH", "/api/v1/timetable/{slot}", {"room": "201"}, OFFICE),
    ("DELETE", "/api/v1/timetable/{slot}", None, OFFICE),
    ("GET", "/api/v1/lessons/now", None, EVERYONE),
]


def _fill(value, ids):
    if isinstance(value, str):
        return ids[value[1:-1]] if value.startswith("{") and value.endswith("}") else value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, body, allowed", ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_role_matrix(client, world, role, method, path, body, allowed):
    if role != "anonymous":
        assert client.login({"teacher": "TE", "group_head": "GH", "leader": "LE", "admin": "AD",
                             "other_school_admin": "OA"}[role]).status_code == 200
    response = client.http.open(_fill(path, world), method=method, json=_fill(body, world),
                                headers={"X-CSRF-Token": client.csrf or ""})
    names_a_record = "{" in path.split("?")[0] or any("{" in str(v) for v in (body or {}).values())
    if role == "anonymous":
        expected = {401}
    elif role == "other_school_admin":
        # Another school's records do not exist for them; school-wide lists show only their own.
        expected = {404} if names_a_record else {200, 201, 204}
    elif role in allowed:
        expected = {200, 201, 204}
    else:
        expected = {403}
    assert response.status_code in expected, response.get_json()
    assert response.is_json or response.status_code == 204
    if response.status_code >= 400:
        assert set(response.json) >= {"code", "error", "message"}


def test_other_school_sees_none_of_our_staff(client, world):
    client.login("OA")
    assert [s["staff_no"] for s in client.get("/api/v1/staff").json] == ["OA"]


def test_import_is_office_only(client, world):
    other = ApiClient(client.app)
    other.login("LE")
    response = other.post("/api/v1/imports/periods", data={"file": (io.BytesIO(b"x"), "p.csv")})
    assert response.status_code == 403
