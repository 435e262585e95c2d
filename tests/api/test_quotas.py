"""Quotas and 轮回听课 coverage for a crafted term, as of 2025-10-15 (45 of its 140 days)."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from backend.extensions import db
from backend.org.settings import DEFAULTS
from backend.quotas.services import required_lessons, school_month
from tests.api.test_observations import as_
from tests.appraisal.records import at, drop_in, open_lesson, past_term, patrol
from tests.factories import create_group, create_school, create_staff, publish_rubric

ON = "2025-10-15"


@pytest.fixture
def world(app):
    school = create_school()
    chinese, maths = create_group(school, "语文组"), create_group(school, "数学组")
    p = create_staff(school, ("leader",), staff_no="P", title="校长")
    v = create_staff(school, ("leader",), staff_no="V", title="副校长")
    leader = create_staff(school, ("leader", "teacher"), staff_no="L", title="德育主任")
    head = create_staff(school, ("group_head", "teacher"), staff_no="G", group=chinese)
    t1, t2 = (create_staff(school, ("teacher",), staff_no=n, group=chinese) for n in ("T1", "T2"))
    t3, t4 = (create_staff(school, ("teacher",), staff_no=n, group=maths) for n in ("T3", "T4"))
    create_staff(school, ("admin",), staff_no="AD")
    term = past_term(school)
    lesson, checklist = publish_rubric(school, "lesson_100"), publish_rubric(school, "patrol_checklist")
    # Week 6 starts 2025-10-06; week 7's Tuesday is 10-14; week 8's is 10-21, after ON.
    for week in range(1, 8):
        drop_in(p, t1, lesson, 90, at(term, week))
    for week in (6, 7):
        drop_in(p, t1, lesson, 90, at(term, week, weekday=1))
    drop_in(p, t2, lesson, 90, at(term, 6, weekday=3))                      # P: 10 of 30
    drop_in(v, t3, lesson, 90, at(term, 1))
    drop_in(v, t3, lesson, 90, at(term, 2))
    drop_in(v, t4, lesson, 90, at(term, 1))                                 # V: 3 of 30 by ON
    drop_in(v, t3, lesson, 90, at(term, 8))                                 # after ON
    for week in range(1, 6):
        drop_in(leader, t2, lesson, 90, at(term, week, weekday=5))         # L: 5 of 15
    for day in range(1, 6):                                                 # patrols are not 听课
        patrol(leader, t4, checklist, at(term, 6, weekday=day, hour=8), "early_arrival")
    drop_in(head, t3, lesson, 90, at(term, 2, weekday=3))
    open_lesson(school, t4, lesson, [(head, 90), (t1, 80)], at(term, 6, weekday=4), p)
    db.session.commit()
    names = {s.staff_no: s.name for s in (p, v, leader, head, t1, t2, t3, t4)}
    return {"term": term, "names": names}


def coverage(app, world, who="AD", on=ON):
    query = f"?on={on}" if on else ""
    response = as_(app, who).get(f"/api/v1/terms/{world['term'].id}/coverage{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_quotas_done_required_remaining_and_who_is_behind(app, world):
    rows = {r["staff_no"]: r for r in coverage(app, world)["quotas"]}
    assert set(rows) == {"P", "V", "L", "G", "T1", "T2", "T3", "T4"}  # AD has no quota
    summary = {no: (r["required"], r["done"], r["remaining"], r["expected_to_date"], r["behind"])
               for no, r in rows.items()}
    assert summary == {
        "P": (30, 10, 20, 9, False), "V": (30, 3, 27, 9, True),
        "L": (15, 5, 10, 4, False),  # five patrols on top do not count
        "G": (15, 2, 13, 4, True),   # a drop-in and an open-lesson rating
        "T1": (2, 1, 1, 0, False), "T2": (2, 0, 2, 0, False),
        "T3": (2, 0, 2, 0, False), "T4": (2, 0, 2, 0, False)}


def test_teachers_no_leader_observed_this_month(app, world):
    report = coverage(app, world)
    assert report["month"] == {"label": "2025-10", "starts_on": "2025-10-01", "ends_on": "2025-10-31"}
    unobserved = {r["staff_no"]: (r["observed_this_month"], r["last_leader_visit"])
                  for r in report["unobserved"]}
    # T1, T2 seen by P in October, T3 by V on 10-21; T4 only patrolled by a leader and rated by
    # two peers in one open lesson; G and L nobody.
    assert unobserved == {"T4": (1, "2025-09-02"), "G": (0, None), "L": (0, None)}


def test_september_has_its_own_list(app, world):
    unobserved = {r["staff_no"] for r in coverage(app, world, on="2025-09-10")["unobserved"]}
    assert unobserved == {"G", "L"}


def test_over_observed_against_the_median(app, world):
    over = coverage(app, world)["over_observed"]
    # Lessons by ON: T1 9, T2 6, T3 3, T4 2 (the open lesson once), G 0, L 0 → median 2.5,
    # threshold 5.
    assert (over["median"], over["threshold"]) == (2.5, 5)
    assert [(t["staff_no"], t["lessons"]) for t in over["teachers"]] == [("T1", 9), ("T2", 6)]
    # By the term's end T3's fourth lesson (10-21) counts: median 3, threshold 6, T2 no longer.
    over = coverage(app, world, on=None)["over_observed"]
    assert [(t["staff_no"], t["lessons"]) for t in over["teachers"]] == [("T1", 9)]


def test_group_head_reads_their_group_and_teacher_nothing(app, world):
    report = coverage(app, world, who="G")
    assert sorted(r["staff_no"] for r in report["quotas"]) == ["G", "T1", "T2"]
    assert [r["staff_no"] for r in report["unobserved"]] == ["G"]
    assert [t["staff_no"] for t in report["over_observed"]["teachers"]] == ["T1", "T2"]
    assert as_(app, "T1").get(f"/api/v1/terms/{world['term'].id}/coverage").status_code == 403


def test_date_outside_the_term_is_refused(app, world):
    response = as_(app, "AD").get(f"/api/v1/terms/{world['term'].id}/coverage?on=2026-03-01")
    assert response.status_code == 422
    assert response.json["errors"] == {"query": {"on": ["应在学期内（2025-09-01 至 2026-01-18）"]}}


def test_default_date_of_a_past_term_is_its_last_day(app, world):
    report = coverage(app, world, on=None)
    assert report["on"] == "2026-01-18" and report["month"]["label"] == "2026-01"
    assert {r["staff_no"]: r["done"] for r in report["quotas"]}["V"] == 4


def test_export_has_one_sheet_per_list(app, world):
    response = as_(app, "P").get(f"/api/v1/terms/{world['term'].id}/coverage.xlsx?on={ON}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["听课任务", "2025-10未被领导听课", "被听课过多(>5节)"]
    quotas, unobserved, over = (book[name] for name in book.sheetnames)
    assert [c.value for c in quotas[1]] == ["工号", "姓名", "职务", "应听节数", "已听节数", "还差节数",
                                            "按进度应听", "落后"]
    rows = {row[0]: row[1:] for row in quotas.iter_rows(min_row=2, values_only=True)}
    assert rows["V"] == (world["names"]["V"], "副校长", 30, 3, 27, 9, "是")
    assert rows["P"][-1] == "否" and quotas.freeze_panes == "A2"
    assert list(unobserved.iter_rows(min_row=2, max_col=4, values_only=True)) == [
        ("G", world["names"]["G"], "语文组", 0), ("L", world["names"]["L"], None, 0),
        ("T4", world["names"]["T4"], "数学组", 1)]
    assert unobserved["E4"].value.date() == date(2025, 9, 2)
    assert unobserved["E4"].number_format == "yyyy-mm-dd" and unobserved["E2"].value is None
    assert list(over.iter_rows(min_row=2, values_only=True)) == [
        ("T1", world["names"]["T1"], 9), ("T2", world["names"]["T2"], 6)]


def test_rules_are_validated_and_change_the_quotas(app, world):
    office = as_(app, "AD")
    bad = office.put("/api/v1/quotas/rules", json={"by_title": {"校长": -1}, "by_role": {"boss": 3},
                                                  "over_observed_factor": 0.5})
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"by_title", "by_role", "over_observed_factor"}
    rules = {**DEFAULTS["observation_quotas"], "by_role": {"teacher": 4, "leader": 15, "group_head": 15}}
    assert office.put("/api/v1/quotas/rules", json=rules).json == rules
    rows = {r["staff_no"]: r for r in coverage(app, world)["quotas"]}
    assert (rows["T1"]["required"], rows["T1"]["remaining"]) == (4, 3)
    assert as_(app, "G").put("/api/v1/quotas/rules", json=rules).status_code == 403


def test_title_wins_over_roles():
    class Person:
        title, roles = "副校长", ["leader", "teacher"]
    rules = DEFAULTS["observation_quotas"]
    assert required_lessons(Person, rules) == 30
    Person.title = "德育主任"
    assert required_lessons(Person, rules) == 15


def test_school_month_is_clipped_to_the_term(app, world):
    month = school_month(world["term"], date(2026, 1, 5))
    assert (month.starts_on, month.ends_on) == (date(2026, 1, 1), date(2026, 1, 18))
