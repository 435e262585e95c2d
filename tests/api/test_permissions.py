"""Each role reaches only what it may: a matrix over every foundation endpoint."""
import io

import pytest

from backend.extensions import db
from tests.client import ApiClient
import uuid

from backend.observations import photos
from backend.timeutil import utcnow
from backend.observations.models import Observation, OpenLesson, OpenLessonRater, Photo
from tests.api.test_photos import jpeg
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term, full_marks, publish_rubric)

ROLES = ["anonymous", "teacher", "group_head", "leader", "admin", "other_school_admin"]
EVERYONE = {"teacher", "group_head", "leader", "admin"}
OFFICE = {"admin"}


@pytest.fixture
def world(app):
    """One school with a record of every kind, and an admin of another school."""
    school = create_school()
    group = create_group(school)
    people = {
        "teacher": create_staff(school, ("teacher",), staff_no="TE", group=group),
        "group_head": create_staff(school, ("teacher", "group_head"), staff_no="GH", group=group),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE"),
        "admin": create_staff(school, ("admin",), staff_no="AD"),
        "other_school_admin": create_staff(create_school(), ("admin",), staff_no="OA"),
    }
    peer = create_staff(school, ("teacher",), staff_no="PE")
    term = create_term(school)
    create_periods(school)
    slot = create_slot(school, people["teacher"])
    version = publish_rubric(school, "lesson_100")
    obs = Observation(uuid=uuid.uuid4(), school_id=school.id, kind="drop_in", observer_id=people["leader"].id,
                      teacher_id=people["teacher"].id, observed_at=utcnow(),
                      local_date=term.first_monday, rubric_version_id=version.id,
                      answers=full_marks(version))
    lesson = OpenLesson(school_id=school.id, teacher_id=people["teacher"].id, class_group_id=slot.class_group_id,
                        subject_id=slot.subject_id, starts_at=obs.observed_at, rubric_version_id=version.id,
                        created_by_id=people["admin"].id, raters=[OpenLessonRater(staff_id=peer.id)])
    db.session.add_all([obs, lesson])
    db.session.flush()
    processed = photos.process(jpeg(), 10**7)
    photos.store(app.config["PHOTO_DIR"], processed)
    photo = Photo(uuid=uuid.uuid4(), observation_id=obs.id, sha256=processed.sha256, width=1, height=1, size=1)
    db.session.add(photo)
    db.session.commit()
    return {"staff": people["teacher"].id, "group": group.id, "term": term.id, "slot": slot.id,
            "class": slot.class_group_id, "subject": slot.subject_id, "rubric": version.rubric_id,
            "version": version.id, "obs": obs.id, "photo": photo.id, "lesson": lesson.id, "peer": peer.id,
            "answers": full_marks(version)}


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
    ("POST", "/api/v1/imports/periods", None, OFFICE, {422}),  # no file: checked after the role
    ("GET", "/api/v1/rubrics", None, EVERYONE),
    ("GET", "/api/v1/rubrics/templates", None, OFFICE),
    ("POST", "/api/v1/rubrics", {"template": "levels_4"}, OFFICE),
    ("POST", "/api/v1/rubrics/validate", {"definition": {}}, OFFICE),
    ("GET", "/api/v1/rubrics/{rubric}", None, EVERYONE),
    ("PUT", "/api/v1/rubrics/{rubric}/draft", {"definition": {"title": "草稿"}}, OFFICE),
    ("DELETE", "/api/v1/rubrics/{rubric}/draft", None, OFFICE),
    ("POST", "/api/v1/rubrics/{rubric}/publish", None, OFFICE, {409}),  # no draft pending
    ("POST", "/api/v1/rubrics/{rubric}/archive", None, OFFICE),
    ("POST", "/api/v1/rubrics/{rubric}/unarchive", None, OFFICE),
    ("GET", "/api/v1/rubrics/{rubric}/versions", None, EVERYONE),
    ("GET", "/api/v1/rubrics/{rubric}/versions/1", None, EVERYONE),
    ("POST", "/api/v1/rubrics/{rubric}/versions/1/score", {"answers": "{answers}"}, EVERYONE),
    ("GET", "/api/v1/observations", None, EVERYONE),
    ("POST", "/api/v1/observations", {"uuid": "{uuid}", "kind": "drop_in", "teacher_id": "{peer}",
                                      "rubric_version_id": "{version}", "answers": "{answers}"}, EVERYONE,
     {201}, {422}),  # another school's admin names a teacher unknown to them
    ("POST", "/api/v1/observations/batch", {"observations": [{}]}, EVERYONE),
    ("GET", "/api/v1/observations/{obs}", None, EVERYONE),
    ("PATCH", "/api/v1/observations/{obs}", {"remarks": "补充", "reason": "核对"}, {"leader", "admin"}),
    ("GET", "/api/v1/observations/{obs}/audit", None, OFFICE),
    ("POST", "/api/v1/observations/{obs}/acknowledge", None, {"teacher"}),
    ("POST", "/api/v1/observations/{obs}/photos", "PHOTO", {"leader", "admin"}),
    ("GET", "/api/v1/photos/{photo}", None, EVERYONE),
    ("GET", "/api/v1/photos/{photo}/thumb", None, EVERYONE),
    ("DELETE", "/api/v1/photos/{photo}", None, {"leader", "admin"}),
    ("GET", "/api/v1/open-lessons", None, EVERYONE),
    ("GET", "/api/v1/open-lessons/{lesson}", None, {"teacher", "group_head", "leader", "admin"}),
    ("POST", "/api/v1/open-lessons", {"teacher_id": "{staff}", "class_group_id": "{class}",
                                      "subject_id": "{subject}", "starts_at": "2026-11-24T10:00:00+08:00",
                                      "rubric_version_id": "{version}", "rater_ids": ["{peer}"]},
     {"group_head", "admin"}),
    ("GET", "/api/v1/action-steps?teacher_id={staff}", None, EVERYONE),
]


def _fill(value, ids):
    if value == "{uuid}":
        return str(uuid.uuid4())
    if isinstance(value, str):
        return ids[value[1:-1]] if value.startswith("{") and value.endswith("}") else value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{e[0]} {e[1]}" for e in ENDPOINTS])
def test_role_matrix(client, world, role, endpoint):
    method, path, body, allowed = endpoint[:4]
    ok = endpoint[4] if len(endpoint) > 4 else {200, 201, 204}
    other_school = endpoint[5] if len(endpoint) > 5 else {404}
    if role != "anonymous":
        assert client.login({"teacher": "TE", "group_head": "GH", "leader": "LE", "admin": "AD",
                             "other_school_admin": "OA"}[role]).status_code == 200
    payload = ({"data": {"file": (io.BytesIO(jpeg()), "p.jpg"), "uuid": str(uuid.uuid4())}}
               if body == "PHOTO" else {"json": _fill(body, world)})
    response = client.request(method, _fill(path, world), **payload)
    names_a_record = "{" in path or body == "PHOTO" or any(
        isinstance(v, str) and v.startswith("{") and v not in ("{uuid}", "{answers}")
        for v in (body or {}).values())
    if role == "anonymous":
        expected = {401}
    elif role == "other_school_admin":
        # Another school's records do not exist for them; school-wide lists show only their own.
        expected = other_school if names_a_record else ok | {200, 201, 204}
    elif role in allowed:
        expected = ok
    else:
        expected = {403}
    assert response.status_code in expected, response.get_json()
    assert response.is_json or response.status_code == 204 or response.mimetype == "image/jpeg"
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
