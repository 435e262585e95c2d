"""Recording observations: idempotent, scored by the server, edit window, corrections, audit."""
import uuid
from datetime import timedelta

import pytest

from backend.extensions import db
from backend.notices.models import WeekPublication
from backend.observations.models import AuditEntry, Observation
from backend.timeutil import utcnow
from tests.client import ApiClient
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term, full_marks, publish_rubric)

MONDAY_0810 = "2026-11-23T08:10:00+08:00"  # week 13, first period


@pytest.fixture
def world(app):
    school = create_school()
    group = create_group(school)
    people = {
        "teacher": create_staff(school, ("teacher",), staff_no="TE", group=group),
        "peer": create_staff(school, ("teacher",), staff_no="PE", group=group),
        "head": create_staff(school, ("teacher", "group_head"), staff_no="GH", group=group),
        "outsider": create_staff(school, ("teacher",), staff_no="OT", group=create_group(school, "数学组")),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE"),
        "admin": create_staff(school, ("admin",), staff_no="AD"),
    }
    term = create_term(school)
    create_periods(school)
    slot = create_slot(school, people["teacher"], "七年级(1)班", weekday=1, period=1, room="101")
    lesson = publish_rubric(school, "lesson_100")
    patrol = publish_rubric(school, "patrol_checklist")
    db.session.commit()
    return {"school": school, "term": term, "slot": slot, "lesson": lesson, "patrol": patrol,
            **people}


def as_(app, staff_no) -> ApiClient:
    client = ApiClient(app)
    assert client.login(staff_no).status_code == 200
    return client


def drop_in(world, **over):
    return {"uuid": str(uuid.uuid4()), "kind": "drop_in", "timetable_slot_id": world["slot"].id,
            "observed_at": MONDAY_0810, "rubric_version_id": world["lesson"].id,
            "answers": full_marks(world["lesson"]), "strengths": "导入自然", "suggestions": "多提问",
            **over}


def count_observations() -> int:
    return db.session.scalar(db.select(db.func.count(Observation.id)))


def test_drop_in_filled_from_timetable_and_scored_by_server(app, world):
    leader = as_(app, "LE")
    body = drop_in(world, total="100", band="优秀")  # client-side totals are not accepted
    assert leader.post("/api/v1/observations", json=body).status_code == 422
    del body["total"], body["band"]
    response = leader.post("/api/v1/observations", json=body)
    assert response.status_code == 201, response.json
    obs = response.json
    assert (obs["teacher"]["staff_no"], obs["class_group"]["name"], obs["subject"]) == ("TE", "七年级(1)班", "语文")
    assert (obs["week"], obs["period_number"], obs["total"], obs["band"]) == (13, 1, "100.00", "优秀")
    assert obs["editable"] is True


def test_same_uuid_twice_makes_one_record(app, world):
    leader = as_(app, "LE")
    body = drop_in(world)
    first = leader.post("/api/v1/observations", json=body)
    again = leader.post("/api/v1/observations", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert count_observations() == 1
    stranger = as_(app, "GH")
    assert stranger.post("/api/v1/observations", json=body).status_code == 409


def test_patrol_from_class_and_time_only(app, world):
    leader = as_(app, "LE")
    response = leader.post("/api/v1/observations", json={
        "uuid": str(uuid.uuid4()), "kind": "patrol", "class_group_id": world["slot"].class_group_id,
        "observed_at": MONDAY_0810, "rubric_version_id": world["patrol"].id,
        "answers": {"early_arrival": True, "empty_classroom": True}})
    assert response.status_code == 201, response.json
    assert response.json["teacher"]["staff_no"] == "TE"
    assert (response.json["praise_count"], response.json["problem_count"], response.json["incident_count"]) == (1, 1, 1)
    assert response.json["problem_points"] == "5.00"  # 空堂 deducts 5
    nothing_on = leader.post("/api/v1/observations", json={
        "uuid": str(uuid.uuid4()), "kind": "patrol", "class_group_id": world["slot"].class_group_id,
        "observed_at": "2026-11-23T12:30:00+08:00", "rubric_version_id": world["patrol"].id})
    assert nothing_on.status_code == 422 and "teacher_id" in nothing_on.json["errors"]


def test_batch_answers_per_record_and_replays_safely(app, world):
    leader = as_(app, "LE")
    good, bad = drop_in(world), drop_in(world, answers={"objectives_clear": 99})
    # An id no database column can hold names no record: that record's error, not the batch's.
    huge_id = drop_in(world, timetable_slot_id=None, teacher_id=2**40)
    records = [good, bad, {"kind": "drop_in"}, huge_id]
    first = leader.post("/api/v1/observations/batch", json={"observations": records}).json["results"]
    assert [r["status"] for r in first] == ["created", "error", "error", "error"]
    assert "objectives_clear" in first[1]["error"]["errors"]["answers"]
    assert first[3]["error"]["errors"]["teacher_id"] == ["没有这个编号的记录"]
    again = leader.post("/api/v1/observations/batch", json={"observations": [good]}).json["results"]
    assert again[0]["status"] == "exists" and again[0]["observation"]["id"] == first[0]["observation"]["id"]
    assert count_observations() == 1


def test_nobody_observes_themselves(app, world):
    teacher = as_(app, "TE")
    response = teacher.post("/api/v1/observations", json=drop_in(world))
    assert response.status_code == 422 and "teacher_id" in response.json["errors"]
    assert count_observations() == 0


def test_answers_that_do_not_fit_change_nothing(app, world):
    leader = as_(app, "LE")
    response = leader.post("/api/v1/observations", json=drop_in(world, answers={"objectives_clear": 4.3}))
    assert response.status_code == 422 and response.json["error"] == "invalid_answers"
    patrol_on_lesson_form = drop_in(world, kind="patrol")
    assert leader.post("/api/v1/observations", json=patrol_on_lesson_form).status_code == 422
    assert count_observations() == 0


def test_observer_edits_until_week_is_published(app, world):
    leader = as_(app, "LE")
    obs_id = leader.post("/api/v1/observations", json=drop_in(world)).json["id"]
    edited = leader.patch(f"/api/v1/observations/{obs_id}", json={"suggestions": "板书再工整些"})
    assert edited.status_code == 200 and edited.json["suggestions"] == "板书再工整些"
    db.session.add(WeekPublication(school_id=world["school"].id, term_id=world["term"].id, week=13))
    db.session.commit()
    refused = leader.patch(f"/api/v1/observations/{obs_id}", json={"suggestions": "改晚了"})
    assert refused.status_code == 409 and refused.json["error"] == "edit_window_closed"
    assert leader.get(f"/api/v1/observations/{obs_id}").json["editable"] is False


def test_school_can_shorten_the_edit_window(app, world):
    world["school"].settings = {"edit_window_days": 2}
    db.session.commit()
    leader = as_(app, "LE")
    recent = drop_in(world, observed_at=(utcnow() - timedelta(days=1)).isoformat(), timetable_slot_id=None,
                     teacher_id=world["teacher"].id)
    old = drop_in(world, observed_at=(utcnow() - timedelta(days=3)).isoformat(), timetable_slot_id=None,
                  teacher_id=world["teacher"].id)
    recent_id = leader.post("/api/v1/observations", json=recent).json["id"]
    old_id = leader.post("/api/v1/observations", json=old).json["id"]
    assert leader.patch(f"/api/v1/observations/{recent_id}", json={"remarks": "x"}).status_code == 200
    assert leader.patch(f"/api/v1/observations/{old_id}", json={"remarks": "x"}).status_code == 409


def test_moving_a_record_in_time_does_not_reopen_it(app, world):
    leader = as_(app, "LE")
    obs_id = leader.post("/api/v1/observations", json=drop_in(world)).json["id"]
    # Into a published week: its notice is frozen.
    db.session.add(WeekPublication(school_id=world["school"].id, term_id=world["term"].id, week=12))
    db.session.commit()
    moved = leader.patch(f"/api/v1/observations/{obs_id}", json={"observed_at": "2026-11-16T08:10:00+08:00"})
    assert moved.status_code == 409 and moved.json["error"] == "edit_window_closed"
    assert db.session.get(Observation, obs_id).week == 13

    # Later in time, to stretch the school's 2-day window: it counts from when the record came.
    world["school"].settings = {"edit_window_days": 2}
    db.session.commit()
    recent = leader.post("/api/v1/observations", json=drop_in(
        world, observed_at=(utcnow() - timedelta(hours=1)).isoformat(), timetable_slot_id=None,
        teacher_id=world["teacher"].id)).json["id"]
    later = (utcnow() + timedelta(days=30)).isoformat()
    assert leader.patch(f"/api/v1/observations/{recent}", json={"observed_at": later}).status_code == 200
    db.session.get(Observation, recent).created_at = utcnow() - timedelta(days=3)  # time passes
    db.session.commit()
    assert leader.patch(f"/api/v1/observations/{recent}", json={"remarks": "x"}).status_code == 409


def test_office_corrects_with_reason_and_it_is_audited(app, world):
    leader = as_(app, "LE")
    obs_id = leader.post("/api/v1/observations", json=drop_in(world)).json["id"]
    db.session.add(WeekPublication(school_id=world["school"].id, term_id=world["term"].id, week=13))
    db.session.commit()
    office = as_(app, "AD")
    answers = {**full_marks(world["lesson"]), "objectives_clear": 3}
    assert office.patch(f"/api/v1/observations/{obs_id}", json={"answers": answers}).status_code == 422
    fixed = office.patch(f"/api/v1/observations/{obs_id}", json={"answers": answers, "reason": "听课人录入有误"})
    assert fixed.status_code == 200 and fixed.json["total"] == "98.00"
    trail = office.get(f"/api/v1/observations/{obs_id}/audit").json
    assert [e["action"] for e in trail] == ["create", "correct"]
    assert trail[1]["reason"] == "听课人录入有误" and trail[1]["actor"]["staff_no"] == "AD"
    assert trail[1]["changes"]["answers"][0]["objectives_clear"] == 5
    assert leader.get(f"/api/v1/observations/{obs_id}/audit").status_code == 403


def test_who_reads_what(app, world):
    leader = as_(app, "LE")
    submitted = leader.post("/api/v1/observations", json=drop_in(world)).json["id"]
    draft = leader.post("/api/v1/observations", json=drop_in(world, status="draft")).json["id"]
    seen = {}
    for who in ("TE", "PE", "GH", "OT", "AD", "LE"):
        items = as_(app, who).get("/api/v1/observations").json["items"]
        seen[who] = sorted(i["id"] for i in items)
    assert seen["TE"] == [submitted]  # own lessons, submitted only
    assert seen["PE"] == [] and seen["OT"] == []
    assert seen["GH"] == [submitted]  # the group's teachers
    assert seen["AD"] == seen["LE"] == sorted([submitted, draft])
    assert as_(app, "OT").get(f"/api/v1/observations/{submitted}").status_code == 404
    assert as_(app, "TE").get(f"/api/v1/observations/{draft}").status_code == 404


def test_filters_and_pages(app, world):
    leader = as_(app, "LE")
    for _ in range(3):
        leader.post("/api/v1/observations", json=drop_in(world))
    page = leader.get("/api/v1/observations", query_string={"per_page": 2, "week": 13, "kind": "drop_in",
                                                            "teacher_id": world["teacher"].id}).json
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    assert leader.get("/api/v1/observations", query_string={"week": 12}).json["total"] == 0
    band = leader.get("/api/v1/observations", query_string={"band": "优秀", "date_from": "2026-11-23",
                                                            "date_to": "2026-11-23"}).json
    assert band["total"] == 3


def test_action_steps_followed_up_at_next_visit(app, world):
    leader = as_(app, "LE")
    leader.post("/api/v1/observations", json=drop_in(world, action_steps=["每节课留 5 分钟当堂检测"]))
    steps = leader.get("/api/v1/action-steps", query_string={"teacher_id": world["teacher"].id}).json
    assert [s["text"] for s in steps] == ["每节课留 5 分钟当堂检测"]
    teacher_view = as_(app, "TE").get("/api/v1/action-steps", query_string={"teacher_id": world["teacher"].id})
    assert teacher_view.status_code == 200
    assert as_(app, "PE").get("/api/v1/action-steps", query_string={"teacher_id": world["teacher"].id}).status_code == 403
    leader.post("/api/v1/observations", json=drop_in(world, met_action_step_ids=[steps[0]["id"]]))
    assert leader.get("/api/v1/action-steps", query_string={"teacher_id": world["teacher"].id}).json == []


def test_action_steps_written_replaced_and_met_are_in_the_audit_trail(app, world):
    leader, office = as_(app, "LE"), as_(app, "AD")
    first = leader.post("/api/v1/observations", json=drop_in(world, action_steps=["当堂检测"])).json
    leader.patch(f"/api/v1/observations/{first['id']}", json={"action_steps": ["当堂检测", "分层作业"]})
    step_id = leader.get("/api/v1/action-steps", query_string={"teacher_id": world["teacher"].id}).json[0]["id"]
    second = leader.post("/api/v1/observations", json=drop_in(world, met_action_step_ids=[step_id])).json
    trail = [(e["action"], e["changes"]) for e in office.get(f"/api/v1/observations/{first['id']}/audit").json]
    assert trail == [("create", {"action_steps": [[], ["当堂检测"]]}),
                     ("update", {"action_steps": [["当堂检测"], ["当堂检测", "分层作业"]]})]
    closing = office.get(f"/api/v1/observations/{second['id']}/audit").json
    assert closing[0]["changes"] == {"met_action_step_ids": [None, [step_id]]}


def test_changing_the_teacher_leaves_the_old_lesson_and_moves_the_steps(app, world):
    leader = as_(app, "LE")
    obs = leader.post("/api/v1/observations", json=drop_in(world, action_steps=["当堂检测"])).json
    assert obs["period_number"] == 1
    changed = leader.patch(f"/api/v1/observations/{obs['id']}", json={"teacher_id": world["peer"].id}).json
    assert (changed["teacher"]["staff_no"], changed["period_number"]) == ("PE", None)
    assert db.session.get(Observation, obs["id"]).timetable_slot_id is None
    steps = {who: [s["text"] for s in leader.get("/api/v1/action-steps",
                                                  query_string={"teacher_id": world[who].id}).json]
             for who in ("teacher", "peer")}
    assert steps == {"teacher": [], "peer": ["当堂检测"]}


def test_a_drafts_steps_stay_its_observers_and_only_a_submitted_drop_in_meets_steps(app, world):
    leader, steps_of = as_(app, "LE"), {"teacher_id": world["teacher"].id}
    leader.post("/api/v1/observations", json=drop_in(world, status="draft", action_steps=["草稿里的建议"]))
    assert as_(app, "TE").get("/api/v1/action-steps", query_string=steps_of).json == []
    assert [s["text"] for s in leader.get("/api/v1/action-steps", query_string=steps_of).json] == ["草稿里的建议"]
    leader.post("/api/v1/observations", json=drop_in(world, action_steps=["当堂检测"]))
    step_id = next(s["id"] for s in leader.get("/api/v1/action-steps", query_string=steps_of).json
                   if s["text"] == "当堂检测")
    for closing in (drop_in(world, status="draft", met_action_step_ids=[step_id]),
                    {"uuid": str(uuid.uuid4()), "kind": "patrol", "class_group_id": world["slot"].class_group_id,
                     "observed_at": MONDAY_0810, "rubric_version_id": world["patrol"].id, "answers": {},
                     "met_action_step_ids": [step_id]}):
        refused = leader.post("/api/v1/observations", json=closing)
        assert refused.status_code == 422 and "met_action_step_ids" in refused.json["errors"], refused.json
    assert step_id in [s["id"] for s in as_(app, "TE").get("/api/v1/action-steps", query_string=steps_of).json]


def test_a_group_head_of_no_group_heads_no_one(app, world):
    create_staff(world["school"], ("teacher", "group_head"), staff_no="H0")  # no teaching group
    db.session.commit()
    leader, head = as_(app, "LE"), as_(app, "H0")
    leader.post("/api/v1/observations", json=drop_in(world, timetable_slot_id=None, teacher_id=world["admin"].id,
                                                     class_group_id=world["slot"].class_group_id,
                                                     action_steps=["教导处的改进措施"]))
    assert head.get("/api/v1/action-steps", query_string={"teacher_id": world["admin"].id}).status_code == 403
    refused = head.post("/api/v1/open-lessons", json={
        "teacher_id": world["admin"].id, "class_group_id": world["slot"].class_group_id,
        "subject_id": world["slot"].subject_id, "starts_at": "2026-11-24T10:10:00+08:00",
        "rubric_version_id": world["lesson"].id, "rater_ids": [world["peer"].id]})
    assert refused.status_code == 403


def test_incident_needs_rule_and_deduction(app, world):
    leader = as_(app, "LE")
    body = {"uuid": str(uuid.uuid4()), "kind": "incident", "teacher_id": world["teacher"].id,
            "observed_at": MONDAY_0810}
    assert leader.post("/api/v1/observations", json=body).status_code == 422
    ok = leader.post("/api/v1/observations", json={**body, "incident_rule": "空堂（奖惩条例第 3 条）",
                                                   "incident_deduction": "5"})
    assert ok.status_code == 201 and ok.json["incident_deduction"] == "5.00"


def test_comments_typed_in_the_form_are_the_observations_comments(app, world):
    """The app sends 主要优点/改进建议 as the rubric's text items; the notice reads the record's."""
    leader = as_(app, "LE")
    answers = {**full_marks(world["lesson"]), "strengths": " 情境导入自然 ", "suggestions": "多留思考时间"}
    created = leader.post("/api/v1/observations", json=drop_in(world, strengths="", suggestions="",
                                                               answers=answers)).json
    assert (created["strengths"], created["suggestions"]) == ("情境导入自然", "多留思考时间")
    kept = leader.post("/api/v1/observations", json=drop_in(world, strengths="写在字段里")).json
    assert kept["strengths"] == "写在字段里"  # no text answer: the field stands
