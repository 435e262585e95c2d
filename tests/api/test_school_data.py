"""Terms, calendar, classes, groups, timetable and "which lessons are on now"."""
from datetime import date

import pytest

from backend.extensions import db
from tests.client import ApiClient
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term)


@pytest.fixture
def school(app):
    return create_school()


@pytest.fixture
def office(client, school):
    create_staff(school, ("admin",), staff_no="A1")
    db.session.commit()
    client.login("A1")
    return client


TERM = {"name": "2026秋", "first_monday": "2026-08-31", "week_count": 20,
        "holidays": [{"name": "国庆节", "starts_on": "2026-10-01", "ends_on": "2026-10-07"}],
        "makeup_days": [{"on": "2026-09-27", "follows_weekday": 3, "note": "调休"}]}


def test_create_term_and_ask_the_calendar(office):
    response = office.post("/api/v1/terms", json=TERM)
    assert response.status_code == 201, response.json
    assert response.json["last_day"] == "2027-01-17"
    day = office.get("/api/v1/calendar/day?date=2026-09-27").json
    assert (day["week"], day["timetable_weekday"], day["makeup_day"]) == (4, 3, True)
    day = office.get("/api/v1/calendar/day?date=2026-10-02").json
    assert (day["week"], day["timetable_weekday"], day["holiday"]) == (5, None, "国庆节")
    weeks = office.get(f"/api/v1/terms/{response.json['id']}/weeks").json
    assert len(weeks) == 20 and weeks[5] == {"week": 6, "starts_on": "2026-10-05",
                                             "ends_on": "2026-10-11"}


@pytest.mark.parametrize("change, field", [
    ({"first_monday": "2026-09-01"}, "first_monday"),
    ({"makeup_days": [{"on": "2026-09-28", "follows_weekday": 1}]}, "makeup_days"),
    ({"holidays": [{"name": "寒假", "starts_on": "2027-02-01", "ends_on": "2027-02-10"}]}, "holidays"),
    ({"holidays": [{"name": "x", "starts_on": "2026-10-07", "ends_on": "2026-10-01"}]}, "holidays"),
])
def test_bad_calendar_is_refused_and_changes_nothing(office, change, field):
    response = office.post("/api/v1/terms", json={**TERM, **change})
    assert response.status_code == 422 and field in response.json["errors"]
    assert office.get("/api/v1/terms").json == []


def test_overlapping_terms_conflict(office):
    office.post("/api/v1/terms", json=TERM)
    response = office.post("/api/v1/terms", json={**TERM, "name": "另一个"})
    assert response.status_code == 409


def test_edit_term_replaces_makeup_days(office):
    term_id = office.post("/api/v1/terms", json=TERM).json["id"]
    response = office.patch(f"/api/v1/terms/{term_id}",
                            json={"makeup_days": [{"on": "2026-10-10", "follows_weekday": 4}]})
    assert response.status_code == 200
    assert [m["on"] for m in response.json["makeup_days"]] == ["2026-10-10"]


def test_lessons_now_follows_calendar_and_periods(client, school):
    teacher = create_staff(school, name="王老师")
    create_staff(school, ("leader",), staff_no="L1")
    create_term(school)
    create_periods(school)  # 08:00-08:45, 09:00-09:45, ...
    create_slot(school, teacher, "七年级(1)班", weekday=3, period=1, room="101")
    create_slot(school, teacher, "七年级(2)班", weekday=3, period=2)
    create_slot(school, teacher, "七年级(2)班", weekday=1, period=1)
    db.session.commit()
    client.login("L1")
    # Sunday 2026-09-27 is a make-up day following Wednesday.
    now = client.get("/api/v1/lessons/now", query_string={"at": "2026-09-27T08:10:00+08:00"}).json
    assert now["week"] == 4 and now["timetable_weekday"] == 3
    lesson = now["current"]["lessons"][0]
    assert (lesson["class_group"]["name"], lesson["teacher"]["name"], lesson["room"]) == (
        "七年级(1)班", "王老师", "101")
    assert now["next"]["period"]["number"] == 2
    assert now["next"]["lessons"][0]["class_group"]["name"] == "七年级(2)班"
    # Between periods: nothing current, the next one is shown. Times in UTC work too.
    gap = client.get("/api/v1/lessons/now", query_string={"at": "2026-09-27T00:50:00Z"}).json
    assert gap["current"] is None and gap["next"]["period"]["number"] == 2
    holiday = client.get("/api/v1/lessons/now", query_string={"at": "2026-10-05T08:10:00+08:00"}).json
    assert holiday["holiday"] == "国庆节" and holiday["current"] is None
    bad = client.get("/api/v1/lessons/now", query_string={"at": "2026-09-27T08:10:00"})
    assert bad.status_code == 422 and "at" in bad.json["errors"]["query"]


def test_timetable_edit_checks_references(office, school):
    teacher = create_staff(school)
    create_periods(school)
    other_school_teacher = create_staff(create_school())
    slot = create_slot(school, teacher)
    db.session.commit()
    response = office.patch(f"/api/v1/timetable/{slot.id}", json={"teacher_id": other_school_teacher.id})
    assert response.status_code == 404
    response = office.patch(f"/api/v1/timetable/{slot.id}", json={"period_number": 9})
    assert response.status_code == 422
    response = office.patch(f"/api/v1/timetable/{slot.id}", json={"room": "实验室", "period_number": 2})
    assert response.status_code == 200 and response.json["room"] == "实验室"
    listed = office.get("/api/v1/timetable", query_string={"teacher_id": teacher.id}).json
    assert [s["period_number"] for s in listed] == [2]
    assert office.delete(f"/api/v1/timetable/{slot.id}").status_code == 204


def test_classes_and_groups(office, school):
    response = office.post("/api/v1/classes", json={"name": "初一（5）班", "floor": "2楼"})
    assert response.status_code == 201 and response.json["name"] == "七年级(5)班"
    assert office.post("/api/v1/classes", json={"name": "五班"}).status_code == 422
    group_id = office.post("/api/v1/groups", json={"name": "数学组"}).json["id"]
    head = create_staff(school, ("teacher",))
    db.session.commit()
    office.patch(f"/api/v1/staff/{head.id}", json={"roles": ["teacher", "group_head"],
                                                   "teaching_group_id": group_id})
    groups = office.get("/api/v1/groups").json
    assert groups == [{"id": group_id, "name": "数学组", "heads": [{"id": head.id, "name": head.name}]}]


def test_staff_phone_visible_to_office_only(client, office, school):
    group = create_group(school)
    create_staff(school, staff_no="T9", phone="13900000009", group=group)
    db.session.commit()
    assert {s["phone"] for s in office.get("/api/v1/staff").json} >= {"13900000009"}
    teacher = ApiClient(client.app)
    teacher.login("T9")
    assert {s["phone"] for s in teacher.get("/api/v1/staff").json} == {None}


def test_office_creates_staff_who_must_change_password(office, school):
    response = office.post("/api/v1/staff", json={"staff_no": "T77", "name": "新老师",
                                                   "initial_password": "Start-123"})
    assert response.status_code == 201 and response.json["must_change_password"] is True
    assert office.post("/api/v1/staff", json={"staff_no": "T77", "name": "重复"}).status_code == 409
    newcomer = ApiClient(office.app)
    assert newcomer.login("T77", "Start-123").json["must_change_password"] is True
