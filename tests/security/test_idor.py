"""Guessing another record's id gets nothing: across teachers of one school and across schools.

TARGETS lists every record a person could try to reach by changing an id, with `{...}` ids that
the world fixture provides.
"""
import uuid

import pytest

from backend.accounts.models import Staff
from backend.extensions import db
from tests.api.test_photos import jpeg
from tests.client import ApiClient
from tests.factories import create_group, create_staff
from tests.security.test_csrf import snapshot
from tests.security.test_permissions import fill
from tests.security.test_uploads import upload
from tests.security.world import MARKER, world  # noqa: F401  (fixture)

TARGETS = [
    ("read observation", "GET", "/api/v1/observations/{obs}", None),
    ("edit observation", "PATCH", "/api/v1/observations/{obs}", {"remarks": "篡改", "reason": "x"}),
    ("observation audit", "GET", "/api/v1/observations/{obs}/audit", None),
    ("add photo", "POST", "/api/v1/observations/{obs}/photos", None),
    ("read photo", "GET", "/api/v1/photos/{photo}", None),
    ("read thumbnail", "GET", "/api/v1/photos/{photo}/thumb", None),
    ("delete photo", "DELETE", "/api/v1/photos/{photo}", None),
    ("read open lesson", "GET", "/api/v1/open-lessons/{lesson}", None),
    ("action steps", "GET", "/api/v1/action-steps?teacher_id={staff}", None),
    ("score as rater", "POST", "/api/v1/observations",
     {"uuid": "{uuid}", "kind": "open_lesson", "open_lesson_id": "{lesson}", "answers": "{answers}"}),
    ("read notice", "GET", "/api/v1/notices/{notice}", None),
    ("acknowledge notice", "POST", "/api/v1/notices/{notice}/acknowledge", None),
    ("reflect on notice", "PUT", "/api/v1/notices/{notice}/reflection", {"text": "篡改"}),
    ("appeal notice", "POST", "/api/v1/notices/{notice}/appeals", {"reason": "篡改"}),
    ("read notification", "POST", "/api/v1/notifications/{notification}/read", None),
    ("score chart", "GET", "/api/v1/terms/{term}/charts/teachers/{staff}/scores.svg", None),
    ("section chart", "GET", "/api/v1/terms/{term}/charts/teachers/{staff}/sections.svg", None),
]
CROSS_SCHOOL_ONLY = [
    ("read staff", "GET", "/api/v1/staff/{staff}", None),
    ("edit staff", "PATCH", "/api/v1/staff/{staff}", {"name": "篡改"}),
    ("reset password", "POST", "/api/v1/staff/{staff}/password-reset", {"new_password": "temp-9999"}),
    ("schedule open lesson for our teacher", "POST", "/api/v1/open-lessons",
     {"teacher_id": "{staff}", "class_group_id": "{class}", "subject_id": "{subject}",
      "starts_at": "2026-11-24T10:00:00+08:00", "rubric_version_id": "{version}", "rater_ids": []}),
    ("read term", "GET", "/api/v1/terms/{term}", None),
    ("read rubric", "GET", "/api/v1/rubrics/{rubric}", None),
    ("edit class", "PATCH", "/api/v1/classes/{class}", {"floor": "篡改"}),
    ("delete timetable slot", "DELETE", "/api/v1/timetable/{slot}", None),
    ("notice audit", "GET", "/api/v1/notices/{notice}/audit", None),
    ("resolve appeal", "POST", "/api/v1/notices/appeals/{appeal}/resolve",
     {"outcome": "corrected", "reason": "篡改"}),
    ("read bulletin", "GET", "/api/v1/bulletins/{term}/1", None),
    ("bulletin workbook", "GET", "/api/v1/bulletins/{term}/1/xlsx", None),
    ("read appraisal", "GET", "/api/v1/terms/{term}/appraisal", None),
    ("appraisal workbook", "GET", "/api/v1/terms/{term}/appraisal.xlsx", None),
    ("close term", "POST", "/api/v1/terms/{term}/appraisal/close", None),
    ("read coverage", "GET", "/api/v1/terms/{term}/coverage", None),
]
# Who tries: a teacher of our school outside the record (another group), a group head of another
# group, and the office and a teacher of another school.
ATTACKERS = ["stranger", "other_group_head", "other_school_admin", "other_school_teacher"]
CROSS_SCHOOL = ["other_school_admin", "other_school_teacher"]


@pytest.fixture
def attackers(app, world):
    ours = db.session.get(Staff, world["people"]["teacher"]).school
    theirs = db.session.get(Staff, world["people"]["other_school_admin"]).school
    create_staff(ours, ("teacher",), staff_no="ST", group=create_group(ours, "英语组"))
    create_staff(theirs, ("teacher", "group_head", "leader"), staff_no="OT")
    db.session.commit()
    logins = {"stranger": "ST", "other_group_head": "XH", "other_school_admin": "OA",
              "other_school_teacher": "OT"}

    def as_(name):
        client = ApiClient(app)
        assert client.login(logins[name]).status_code == 200
        return client
    return as_


def attempt(client, method, path, body, ids):
    if path.endswith("/photos") and method == "POST":
        return upload(client, ids["obs"], jpeg(color=(5, 5, 5)))
    return client.request(method, fill(path, ids), json=fill(body, ids))


def check_refused(response, before):
    assert response.status_code in (403, 404, 422), response.get_data(as_text=True)[:300]
    assert MARKER not in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("who", ATTACKERS)
@pytest.mark.parametrize("target", TARGETS, ids=[t[0] for t in TARGETS])
def test_record_of_another_teacher(attackers, world, who, target):
    client = attackers(who)
    before = snapshot()
    check_refused(attempt(client, *target[1:], world), before)


@pytest.mark.parametrize("who", CROSS_SCHOOL)
@pytest.mark.parametrize("target", CROSS_SCHOOL_ONLY, ids=[t[0] for t in CROSS_SCHOOL_ONLY])
def test_record_of_another_school(attackers, world, who, target):
    client = attackers(who)
    before = snapshot()
    check_refused(attempt(client, *target[1:], world), before)


@pytest.mark.parametrize("who", ATTACKERS)
def test_lists_filtered_by_our_ids_show_nothing(attackers, world, who):
    client = attackers(who)
    for url in (f"/api/v1/observations?teacher_id={world['staff']}",
                f"/api/v1/observations?teaching_group_id={world['group']}",
                f"/api/v1/observations?term_id={world['term']}", "/api/v1/open-lessons",
                f"/api/v1/notices/appeals?term_id={world['term']}&status=all"):
        response = client.get(url)
        assert response.status_code == 200
        items = response.json["items"] if isinstance(response.json, dict) else response.json
        assert items == [], url


def test_batch_cannot_reach_another_schools_teacher(attackers, world):
    client = attackers("other_school_admin")
    record = {"uuid": str(uuid.uuid4()), "kind": "drop_in", "teacher_id": world["staff"],
              "rubric_version_id": world["version"], "answers": world["answers"]}
    before = snapshot()
    response = client.post("/api/v1/observations/batch", json={"observations": [record]})
    assert response.status_code == 200
    [result] = response.json["results"]
    assert result["status"] == "error" and MARKER not in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_teacher_reads_only_their_own_notices_and_appraisal_row(attackers, world):
    """Lists a teacher may call hold their own rows only: none of the world's named people."""
    client = attackers("stranger")
    for url in ("/api/v1/notices", f"/api/v1/terms/{world['term']}/appraisal",
                "/api/v1/notifications"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.get_data(as_text=True), url
