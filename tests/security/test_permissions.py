"""Each role reaches only what it may: one matrix over every operation of the OpenAPI document.

Adding an endpoint? Add a row to ENDPOINTS; test_every_operation_has_an_entry fails until you do.
"""
import io
import re
import uuid
from typing import NamedTuple

import pytest

from backend.org.settings import DEFAULTS
from backend.reports.xlsx import XLSX_MIMETYPE
from tests.api.test_photos import jpeg
from tests.security.world import LOGINS, MARKER, ROLES, world  # noqa: F401  (fixture)

EVERYONE = frozenset({"teacher", "group_head", "other_group_head", "leader", "admin"})
OFFICE = frozenset({"admin"})
DONE = frozenset({200, 201, 204})


class Entry(NamedTuple):
    """One call of the matrix; `{name}` in path or body is filled from the world fixture.

    allowed: roles that get `ok`; other signed-in roles of the school get 403, except `hidden`
    ones, for whom the record does not exist (404). The other school's office gets `other_school`
    when the call names a record of ours, else what our office gets (on its own school).
    """
    method: str
    path: str
    body: object = None
    allowed: frozenset = EVERYONE
    ok: frozenset = DONE
    other_school: frozenset = frozenset({404})
    hidden: frozenset = frozenset()
    anonymous: frozenset = frozenset({401})


PUBLIC = dict(allowed=EVERYONE, anonymous=DONE)
RECORD_READERS = EVERYONE - {"other_group_head"}  # the observed teacher's own group and leaders
READERS = EVERYONE - {"teacher"}  # school-wide reports; a group head sees their group
FILES = {"image/jpeg", "image/svg+xml", "text/html", XLSX_MIMETYPE}

ENDPOINTS = [
    Entry("GET", "/api/v1/health", **PUBLIC),
    # Signing in with a wrong password answers 401 to anyone, and counts a failure.
    Entry("POST", "/api/v1/auth/login", {"login": "nobody", "password": "wrong-pass-1"},
          ok=frozenset({401}), other_school=frozenset({401})),
    Entry("POST", "/api/v1/auth/logout", **PUBLIC),
    Entry("GET", "/api/v1/auth/csrf", **PUBLIC),
    Entry("POST", "/api/v1/auth/password", {"current_password": "wrong", "new_password": "new-pass-123"},
          ok=frozenset({422}), other_school=frozenset({422})),
    Entry("GET", "/api/v1/me"),
    Entry("GET", "/api/v1/staff"),
    Entry("GET", "/api/v1/staff/{staff}"),
    Entry("POST", "/api/v1/staff", {"staff_no": "N1", "name": "新人"}, OFFICE),
    Entry("PATCH", "/api/v1/staff/{staff}", {"title": "备课组长"}, OFFICE),
    Entry("POST", "/api/v1/staff/{staff}/password-reset", {"new_password": "fresh-9876"}, OFFICE),
    Entry("GET", "/api/v1/grades"),
    Entry("GET", "/api/v1/subjects"),
    Entry("GET", "/api/v1/classes"),
    Entry("POST", "/api/v1/classes", {"name": "九年级(9)班"}, OFFICE),
    Entry("PATCH", "/api/v1/classes/{class}", {"floor": "3楼"}, OFFICE),
    Entry("GET", "/api/v1/groups"),
    Entry("POST", "/api/v1/groups", {"name": "综合组"}, OFFICE),
    Entry("PATCH", "/api/v1/groups/{group}", {"name": "语文教研组"}, OFFICE),
    Entry("GET", "/api/v1/periods"),
    Entry("GET", "/api/v1/terms"),
    Entry("GET", "/api/v1/terms/{term}"),
    Entry("POST", "/api/v1/terms", {"name": "2027春", "first_monday": "2027-02-22", "week_count": 20},
          OFFICE),
    Entry("PATCH", "/api/v1/terms/{term}", {"name": "改名"}, OFFICE),
    Entry("GET", "/api/v1/terms/{term}/weeks"),
    Entry("GET", "/api/v1/calendar/day?date=2026-09-01"),
    Entry("GET", "/api/v1/timetable"),
    Entry("POST", "/api/v1/timetable", {"class_group_id": "{class}", "weekday": 2, "period_number": 1,
                                        "subject_id": "{subject}", "teacher_id": "{staff}"}, OFFICE),
    Entry("PATCH", "/api/v1/timetable/{slot}", {"room": "201"}, OFFICE),
    Entry("DELETE", "/api/v1/timetable/{slot}", None, OFFICE),
    Entry("GET", "/api/v1/lessons/now"),
    Entry("POST", "/api/v1/imports/periods", None, OFFICE, ok=frozenset({422})),  # no file: after the role
    Entry("GET", "/api/v1/rubrics"),
    Entry("GET", "/api/v1/rubrics/templates", None, OFFICE),
    Entry("POST", "/api/v1/rubrics", {"template": "levels_4"}, OFFICE),
    Entry("POST", "/api/v1/rubrics/validate", {"definition": {}}, OFFICE),
    Entry("GET", "/api/v1/rubrics/{rubric}"),
    Entry("PUT", "/api/v1/rubrics/{rubric}/draft", {"definition": {"title": "草稿"}}, OFFICE),
    Entry("DELETE", "/api/v1/rubrics/{rubric}/draft", None, OFFICE),
    Entry("POST", "/api/v1/rubrics/{rubric}/publish", None, OFFICE, ok=frozenset({409})),  # no draft
    Entry("POST", "/api/v1/rubrics/{rubric}/archive", None, OFFICE),
    Entry("POST", "/api/v1/rubrics/{rubric}/unarchive", None, OFFICE),
    Entry("GET", "/api/v1/rubrics/{rubric}/versions"),
    Entry("GET", "/api/v1/rubrics/{rubric}/versions/1"),
    Entry("POST", "/api/v1/rubrics/{rubric}/versions/1/score", {"answers": "{answers}"}),
    Entry("GET", "/api/v1/observations"),
    # Another school's office names a teacher unknown to them: 422, nothing saved.
    Entry("POST", "/api/v1/observations", {"uuid": "{uuid}", "kind": "drop_in", "teacher_id": "{peer}",
                                           "rubric_version_id": "{version}", "answers": "{answers}"},
          ok=frozenset({201}), other_school=frozenset({422})),
    Entry("POST", "/api/v1/observations/batch", {"observations": [{}]}),
    Entry("GET", "/api/v1/observations/{obs}", allowed=RECORD_READERS,
          hidden=frozenset({"other_group_head"})),
    Entry("PATCH", "/api/v1/observations/{obs}", {"remarks": "补充", "reason": "核对"},
          frozenset({"leader", "admin"}), hidden=frozenset({"other_group_head"})),
    Entry("GET", "/api/v1/observations/{obs}/audit", None, OFFICE),
    # Only the observed teacher acknowledges (已阅) a record.
    Entry("POST", "/api/v1/observations/{obs}/acknowledge", None, frozenset({"teacher"}),
          hidden=frozenset({"other_group_head"})),
    Entry("POST", "/api/v1/observations/{obs}/photos", "PHOTO", frozenset({"leader", "admin"}),
          hidden=frozenset({"other_group_head"})),
    Entry("GET", "/api/v1/photos/{photo}", allowed=RECORD_READERS, hidden=frozenset({"other_group_head"})),
    Entry("GET", "/api/v1/photos/{photo}/thumb", allowed=RECORD_READERS,
          hidden=frozenset({"other_group_head"})),
    Entry("DELETE", "/api/v1/photos/{photo}", None, frozenset({"leader", "admin"}),
          hidden=frozenset({"other_group_head"})),
    Entry("GET", "/api/v1/open-lessons"),
    Entry("GET", "/api/v1/open-lessons/{lesson}", allowed=RECORD_READERS,
          hidden=frozenset({"other_group_head"})),
    Entry("POST", "/api/v1/open-lessons", {"teacher_id": "{staff}", "class_group_id": "{class}",
                                           "subject_id": "{subject}",
                                           "starts_at": "2026-11-24T10:00:00+08:00",
                                           "rubric_version_id": "{version}", "rater_ids": ["{peer}"]},
          frozenset({"group_head", "admin"})),
    Entry("GET", "/api/v1/action-steps?teacher_id={staff}", allowed=RECORD_READERS),
    Entry("GET", "/api/v1/appraisal/formula"),
    Entry("PUT", "/api/v1/appraisal/formula", DEFAULTS["appraisal_formula"], OFFICE),
    Entry("GET", "/api/v1/terms/{term}/appraisal"),  # rows filtered to what each may read
    Entry("GET", "/api/v1/terms/{term}/appraisal.xlsx"),
    Entry("POST", "/api/v1/terms/{term}/appraisal/close", None, OFFICE,
          ok=frozenset({409})),  # the term is not over
    Entry("GET", "/api/v1/quotas/rules", allowed=READERS),
    Entry("PUT", "/api/v1/quotas/rules", DEFAULTS["observation_quotas"], OFFICE),
    Entry("GET", "/api/v1/terms/{term}/coverage", allowed=READERS),  # a group head: their group
    Entry("GET", "/api/v1/terms/{term}/coverage.xlsx", allowed=READERS),
    # {staff} is the teacher: themself, in the group head's group.
    Entry("GET", "/api/v1/terms/{term}/charts/teachers/{staff}/scores.svg", allowed=RECORD_READERS),
    Entry("GET", "/api/v1/terms/{term}/charts/teachers/{staff}/sections.svg",
          allowed=RECORD_READERS),
    Entry("GET", "/api/v1/terms/{term}/charts/coverage.svg", allowed=READERS),
    Entry("POST", "/api/v1/notices/build", {"term_id": "{term}", "week": 2}, OFFICE),
    Entry("POST", "/api/v1/notices/publish", {"term_id": "{term}", "week": 3}, OFFICE),
    Entry("GET", "/api/v1/notices"),
    # Everyone lists appeals, filtered to the notices each may read (the office: the school's).
    Entry("GET", "/api/v1/notices/appeals?status=all"),
    # The teacher's own notice: their group head, leaders and the office read it too.
    Entry("GET", "/api/v1/notices/{notice}", allowed=RECORD_READERS,
          hidden=frozenset({"other_group_head"})),
    Entry("POST", "/api/v1/notices/{notice}/acknowledge", None, frozenset({"teacher"}),
          hidden=frozenset({"other_group_head"})),
    Entry("PUT", "/api/v1/notices/{notice}/reflection", {"text": "反思"}, frozenset({"teacher"}),
          hidden=frozenset({"other_group_head"})),
    Entry("POST", "/api/v1/notices/{notice}/appeals", {"reason": "申诉"}, frozenset({"teacher"}),
          hidden=frozenset({"other_group_head"})),
    Entry("GET", "/api/v1/notices/{notice}/audit", None, OFFICE),
    Entry("POST", "/api/v1/notices/appeals/{appeal}/resolve", {"outcome": "upheld", "reason": "维持"},
          OFFICE),
    Entry("GET", "/api/v1/bulletins/{term}/1"),
    Entry("GET", "/api/v1/bulletins/{term}/1/print"),
    Entry("GET", "/api/v1/bulletins/{term}/1/xlsx"),
    Entry("GET", "/api/v1/notifications"),
    # Someone else's notification does not exist for them.
    Entry("POST", "/api/v1/notifications/{notification}/read", None, frozenset({"teacher"}),
          hidden=EVERYONE - {"teacher"}),
    Entry("GET", "/api/v1/school/settings", None, OFFICE),
    Entry("PATCH", "/api/v1/school/settings", {"bulletin_names_teachers": True}, OFFICE),
]


def fill(value, ids):
    """Put the world's ids into a path or body; `{uuid}` is a fresh one each time."""
    if value == "{uuid}":
        return str(uuid.uuid4())
    if isinstance(value, str):
        return ids[value[1:-1]] if re.fullmatch(r"\{\w+\}", value) else value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


def names_a_record(entry: Entry) -> bool:
    references = [v for v in (entry.body if isinstance(entry.body, dict) else {}).values()
                  if isinstance(v, str) and v.startswith("{") and v not in ("{uuid}", "{answers}")]
    return "{" in entry.path or entry.body == "PHOTO" or bool(references)


def expected(entry: Entry, role: str) -> frozenset:
    if role == "anonymous":
        return entry.anonymous
    if role == "other_school_admin":
        if names_a_record(entry):
            return entry.other_school
        return entry.ok if "admin" in entry.allowed else frozenset({403})
    if role in entry.hidden:
        return frozenset({404})
    return entry.ok if role in entry.allowed else frozenset({403})


def send(client, entry: Entry, ids):
    payload = ({"data": {"file": (io.BytesIO(jpeg()), "p.jpg"), "uuid": str(uuid.uuid4())}}
               if entry.body == "PHOTO" else {"json": fill(entry.body, ids)})
    return client.request(entry.method, fill(entry.path, ids), **payload)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENDPOINTS, ids=[f"{e.method} {e.path}" for e in ENDPOINTS])
def test_role_matrix(client, world, role, entry):
    if LOGINS[role]:
        assert client.login(LOGINS[role]).status_code == 200
    response = send(client, entry, world)
    assert response.status_code in expected(entry, role), response.get_data(as_text=True)[:500]
    assert response.is_json or response.status_code == 204 or response.mimetype in FILES
    if response.status_code >= 400:
        assert set(response.json) >= {"code", "error", "message"}
    if role in ("other_school_admin", "anonymous"):
        assert MARKER not in response.get_data(as_text=True), "another school's data leaked"


def operations(client) -> dict[tuple[str, str], re.Pattern]:
    """Every (METHOD, path template) of the OpenAPI document, with a pattern its URLs match."""
    spec = client.get("/api/v1/openapi.json").json
    found = {}
    for template, item in spec["paths"].items():
        params = {p["name"]: p.get("schema", {}) for op in item.values() if isinstance(op, dict)
                  for p in op.get("parameters", []) if p.get("in") == "path"}
        pattern = re.sub(r"\\\{(\w+)\\\}",
                         lambda m: r"\d+" if params.get(m[1], {}).get("type") == "integer" else r"[^/]+",
                         re.escape(template))
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                found[(method.upper(), template)] = re.compile(pattern + "$")
    return found


def operation_of(entry: Entry, ops) -> tuple[str, str] | None:
    """The documented operation an entry calls (literal segments win over parameters)."""
    url = re.sub(r"\{\w+\}", "1", entry.path.split("?")[0])
    matches = [key for key, pattern in ops.items() if key[0] == entry.method and pattern.match(url)]
    return min(matches, key=lambda key: key[1].count("{"), default=None)


def test_every_operation_has_an_entry(client):
    ops = operations(client)
    covered = {operation_of(entry, ops) for entry in ENDPOINTS}
    missing = sorted(f"{m} {p}" for m, p in set(ops) - covered)
    assert not missing, ("add an entry for this endpoint to ENDPOINTS in "
                         f"tests/security/test_permissions.py: {missing}")
    strays = [f"{e.method} {e.path}" for e in ENDPOINTS if operation_of(e, ops) is None]
    assert not strays, f"these entries name no documented operation: {strays}"


def test_other_school_sees_none_of_our_staff(client, world):
    client.login("OA")
    assert [s["staff_no"] for s in client.get("/api/v1/staff").json] == ["OA"]


def test_import_is_office_only(client, world):
    client.login("LE")
    response = client.post("/api/v1/imports/periods", data={"file": (io.BytesIO(b"x"), "p.csv")})
    assert response.status_code == 403
