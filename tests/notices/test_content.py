"""What a teacher's weekly notice says about a crafted week, and where weeks begin and end."""
import pytest

from backend.errors import ApiError
from backend.extensions import db
from backend.notices.models import WeeklyNotice
from backend.notices.services import build_week
from tests.notices.crafted import WEEK, at, craft_week, lesson_answers, make_school, record


@pytest.fixture
def week(app):
    return craft_week(make_school())


def notice_of(w, week=WEEK):
    notices = {n.teacher_id: n for n in build_week(w["school"].id, w["term"], week)}
    return notices[w["teacher"].id].content


def test_notice_holds_every_kind_of_record(week):
    content = notice_of(week)
    assert (content["week"], content["monday"], content["sunday"]) == (13, "2026-11-23", "2026-11-29")
    assert content["teacher"]["staff_no"] == "TE"
    [patrol] = content["patrols"]
    assert patrol["praise"] == [{"label": "提前候课", "points": "1"}]
    assert patrol["problems"] == [{"label": "上课接打手机", "points": "-2", "incident": False}]
    assert (patrol["observer"], patrol["class"], patrol["remarks"]) == ("马霞", "七年级(1)班", "接电话约一分钟")
    assert patrol["photo_ids"] == [week["photo"].id]
    [lesson] = content["lessons"]
    assert (lesson["total"], lesson["percentage"], lesson["band"]) == ("98.00", "98.0", "优秀")
    assert (lesson["strengths"], lesson["suggestions"]) == ("导入自然", "多给学生提问的机会")
    [open_lesson] = content["open_lessons"]
    assert (open_lesson["title"], open_lesson["raters_scored"], open_lesson["trimmed"]) == (
        "《背影》研讨课", 5, True)
    assert (open_lesson["score"], open_lesson["band"]) == ("96.00", "优秀")
    assert (open_lesson["lowest"], open_lesson["highest"]) == ("90.00", "100.00")
    assert [c["strengths"] for c in open_lesson["comments"]] == ["朗读指导到位"]
    [incident] = content["incidents"]
    assert (incident["rule"], incident["deduction"], incident["observer"]) == ("空堂", "2.00", "曹辉")
    assert [s["text"] for s in content["action_steps"]] == ["每节课至少三次开放性提问"]


def test_notice_compares_with_earlier_weeks(week):
    content = notice_of(week)
    summary = content["summary"]
    assert (summary["patrols"], summary["praise"], summary["problems"]) == (1, 1, 1)
    # one drop-in (98) and five rater scores (100 98 96 94 90): the mean of the six records
    assert (summary["lessons"], summary["mean_percentage"]) == (6, "96.0")
    assert (summary["incidents"], summary["deduction"]) == (1, "2.00")
    assert content["previous_week"]["lessons"] == 1
    assert content["previous_week"]["mean_percentage"] == "90.0"
    assert content["term_to_date"] == content["previous_week"]


def test_only_observed_teachers_get_a_notice(week):
    teachers = {n.teacher_id for n in build_week(week["school"].id, week["term"], WEEK)}
    assert teachers == {week["teacher"].id}
    assert build_week(week["school"].id, week["term"], 1) == []


def test_rebuild_replaces_the_draft_and_never_duplicates(week):
    first = build_week(week["school"].id, week["term"], WEEK)
    record(week["leader"], kind="patrol", teacher_id=week["outsider"].id,
           observed_at=at("2026-11-27"), rubric_version_id=week["patrol"].id,
           answers={"good_order": True})
    second = build_week(week["school"].id, week["term"], WEEK)
    again = build_week(week["school"].id, week["term"], WEEK)
    assert [n.id for n in second] == [n.id for n in again]
    assert first[0].id in {n.id for n in second}
    assert len(second) == 2
    assert db.session.scalar(db.select(db.func.count(WeeklyNotice.id))) == 2


def test_drafts_of_teachers_no_longer_observed_are_dropped(week):
    build_week(week["school"].id, week["term"], 12)
    db.session.delete(week["earlier"])
    db.session.flush()
    assert build_week(week["school"].id, week["term"], 12) == []


def test_week_boundaries_follow_the_term_calendar(app):
    w = make_school()
    teacher, leader = w["teacher"], w["leader"]

    def drop_in(day, clock="09:00"):
        record(leader, kind="drop_in", teacher_id=teacher.id, observed_at=at(day, clock),
               rubric_version_id=w["lesson"].id, answers=lesson_answers(w["lesson"]))
    drop_in("2026-09-27")  # 调休 Sunday, follows Wednesday: still week 4
    drop_in("2026-09-28")  # Monday: week 5
    drop_in("2026-10-10")  # 调休 Saturday in the 国庆 week 6
    drop_in("2026-10-11", "23:30")  # late Sunday evening, Beijing time: still week 6
    drop_in("2026-10-12", "07:30")  # Monday morning (Sunday 23:30 UTC): week 7
    db.session.commit()
    dates = {week: [lesson["date"] for lesson in notice_of(w, week)["lessons"]]
             for week in (4, 5, 6, 7)}
    assert dates == {4: ["2026-09-27"], 5: ["2026-09-28"], 6: ["2026-10-10", "2026-10-11"],
                     7: ["2026-10-12"]}
    week6 = notice_of(w, 6)
    assert week6["special_days"] == [
        {"date": "2026-10-05", "holiday": "国庆节", "makeup_follows": None},
        {"date": "2026-10-06", "holiday": "国庆节", "makeup_follows": None},
        {"date": "2026-10-07", "holiday": "国庆节", "makeup_follows": None},
        {"date": "2026-10-10", "holiday": None, "makeup_follows": 4}]
    assert notice_of(w, 4)["special_days"] == [
        {"date": "2026-09-27", "holiday": None, "makeup_follows": 3}]
    assert notice_of(w, 7)["previous_week"]["lessons"] == 2
    assert notice_of(w, 7)["term_to_date"]["lessons"] == 4


def test_week_outside_the_term_is_refused(week):
    with pytest.raises(ApiError) as refused:
        build_week(week["school"].id, week["term"], 21)
    assert refused.value.code == 422
