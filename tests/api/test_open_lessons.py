"""Open lessons: named raters score on one rubric version; the result trims with five or more."""
import uuid
from decimal import Decimal

import pytest

from backend.extensions import db
from backend.observations.open_lessons import combine
from tests.api.test_observations import as_
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term, full_marks, publish_rubric)


@pytest.fixture
def setup(app):
    school = create_school()
    group = create_group(school)
    teacher = create_staff(school, ("teacher",), staff_no="TE", group=group)
    head = create_staff(school, ("teacher", "group_head"), staff_no="GH", group=group)
    raters = [create_staff(school, ("teacher",), staff_no=f"R{i}", group=group) for i in range(6)]
    create_staff(school, ("admin",), staff_no="AD")
    create_staff(school, ("teacher",), staff_no="NO")
    create_term(school)
    create_periods(school)
    slot = create_slot(school, teacher)
    version = publish_rubric(school, "lesson_100")
    db.session.commit()
    return {"teacher": teacher, "head": head, "raters": raters, "slot": slot, "version": version}


def schedule(app, setup, raters, by="GH"):
    return as_(app, by).post("/api/v1/open-lessons", json={
        "title": "《背影》研讨课", "teacher_id": setup["teacher"].id,
        "class_group_id": setup["slot"].class_group_id, "subject_id": setup["slot"].subject_id,
        "starts_at": "2026-11-24T10:10:00+08:00", "rubric_version_id": setup["version"].id,
        "rater_ids": [r.id for r in raters]})


def rate(app, setup, lesson_id, rater, deduction):
    answers = full_marks(setup["version"])
    answers["outcomes_achievement"] = 10 - deduction
    return as_(app, rater.staff_no).post("/api/v1/observations", json={
        "uuid": str(uuid.uuid4()), "kind": "open_lesson", "open_lesson_id": lesson_id,
        "observed_at": "2026-11-24T10:50:00+08:00", "answers": answers})


def test_three_raters_plain_mean(app, setup):
    raters = setup["raters"][:3]
    lesson = schedule(app, setup, raters)
    assert lesson.status_code == 201, lesson.json
    for rater, deduction in zip(raters, [0, 2, 5]):  # 100, 98, 95
        assert rate(app, setup, lesson.json["id"], rater, deduction).status_code == 201
    result = as_(app, "AD").get(f"/api/v1/open-lessons/{lesson.json['id']}").json["result"]
    assert result["score"] == "97.67" and result["trimmed"] is False
    assert (result["lowest"], result["highest"], result["range"]) == ("95.00", "100.00", "5.00")


def test_six_raters_drop_highest_and_lowest(app, setup):
    raters = setup["raters"]
    lesson_id = schedule(app, setup, raters).json["id"]
    for rater, deduction in zip(raters, [0, 1, 2, 3, 4, 10]):  # 100 99 98 97 96 90
        rate(app, setup, lesson_id, rater, deduction)
    detail = as_(app, "GH").get(f"/api/v1/open-lessons/{lesson_id}").json
    assert detail["result"]["score"] == "97.50"  # mean of 99 98 97 96
    assert detail["result"]["dropped"] == ["90.00", "100.00"]
    assert len(detail["rater_scores"]) == 6
    assert as_(app, "TE").get(f"/api/v1/open-lessons/{lesson_id}").json["rater_scores"] is None


def test_only_named_raters_score_once(app, setup):
    lesson_id = schedule(app, setup, setup["raters"][:2]).json["id"]
    outsider = create_staff(setup["teacher"].school, ("teacher",), staff_no="X9")
    db.session.commit()
    assert rate(app, setup, lesson_id, outsider, 0).status_code == 403
    assert rate(app, setup, lesson_id, setup["raters"][0], 0).status_code == 201
    assert rate(app, setup, lesson_id, setup["raters"][0], 1).status_code == 409  # one score per rater


def test_a_rating_stays_on_its_lesson(app, setup):
    lesson_id = schedule(app, setup, setup["raters"][:3]).json["id"]
    rating = rate(app, setup, lesson_id, setup["raters"][0], 1).json
    rater = as_(app, "R0")
    for change in ({"teacher_id": setup["head"].id}, {"rubric_version_id": publish_rubric_id(setup)}):
        refused = rater.patch(f"/api/v1/observations/{rating['id']}", json=change)
        assert refused.status_code == 422 and set(change) <= set(refused.json["errors"]), refused.json
    assert rater.patch(f"/api/v1/observations/{rating['id']}", json={"remarks": "板书好"}).status_code == 200


def publish_rubric_id(setup) -> int:
    version = publish_rubric(setup["teacher"].school, "lesson_100")
    db.session.commit()
    return version.id


def test_who_may_schedule(app, setup):
    assert schedule(app, setup, setup["raters"][:1], by="NO").status_code == 403
    assert schedule(app, setup, [setup["teacher"]], by="AD").status_code == 422  # teacher rating self


def test_combine_rules():
    assert combine([])["score"] is None
    six = combine([Decimal(x) for x in ("80", "90", "85", "70", "95", "88")])
    assert (six["score"], six["trimmed"]) == (Decimal("85.75"), True)
    five = combine([Decimal(x) for x in ("60", "70", "80", "90", "100")])
    assert five["score"] == Decimal("80.00")
    four = combine([Decimal(x) for x in ("60", "70", "80", "90")])
    assert (four["score"], four["trimmed"]) == (Decimal("75.00"), False)
