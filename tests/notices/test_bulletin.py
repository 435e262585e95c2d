"""The school's weekly bulletin: counts, grades, findings, observers; naming; print; .xlsx."""
import io

import pytest
from openpyxl import load_workbook

from backend.extensions import db
from backend.notices.bulletin import bulletin
from tests.api.test_observations import as_
from tests.notices.crafted import WEEK, at, craft_week, make_school, record


def crafted(names_teachers: bool):
    w = craft_week(make_school(names_teachers))
    record(w["head"], kind="patrol", teacher_id=w["outsider"].id, observed_at=at("2026-11-27"),
           rubric_version_id=w["patrol"].id, answers={"early_arrival": True, "phone_in_class": True})
    db.session.commit()
    return w


@pytest.fixture
def week(app):
    return crafted(names_teachers=False)


def test_bulletin_counts_the_week(week):
    data = bulletin(week["school"], week["term"], WEEK)
    assert data["totals"] == {"patrol": 2, "drop_in": 1, "open_lesson": 5, "incident": 1,
                              "all": 9, "teachers": 2}
    assert data["bands"] == [{"band": "优秀", "count": 6}]
    assert data["praise"] == [{"label": "提前候课", "count": 2, "teachers": ["丁建国", "外组"]}]
    assert data["problems"] == [{"label": "上课接打手机", "count": 2, "teachers": None}]
    assert data["incidents"] == [{"date": "2026-11-26", "class": None, "rule": "空堂",
                                  "deduction": "2.00", "teacher": None}]
    observers = {o["staff_no"]: o for o in data["observers"]}
    assert set(observers) == {"GH", "LE"}  # leaders and group heads, even with nothing observed
    assert (observers["LE"]["patrol"], observers["LE"]["drop_in"], observers["LE"]["lessons"]) == (1, 1, 1)
    assert (observers["GH"]["patrol"], observers["GH"]["incident"], observers["GH"]["total"]) == (1, 1, 2)
    assert observers["GH"]["roles"] == ["教研组长"]
    assert data["published"] is False
    earlier = bulletin(week["school"], week["term"], 12)
    assert {o["staff_no"]: o["total"] for o in earlier["observers"]} == {"GH": 0, "LE": 1}
    assert earlier["praise"] == [] and earlier["totals"]["all"] == 1


def test_bulletin_names_teachers_when_the_school_says_so(app):
    w = crafted(names_teachers=True)
    data = bulletin(w["school"], w["term"], WEEK)
    assert data["problems"][0]["teachers"] == ["丁建国", "外组"]
    assert data["incidents"][0]["teacher"] == "丁建国"


def test_print_page_is_a4_and_obeys_the_content_security_policy(app, week):
    response = as_(app, "AD").get(f"/api/v1/bulletins/{week['term'].id}/{WEEK}/print")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<style" not in html and "<script" not in html and " style=" not in html
    assert '<link rel="stylesheet" href="/static/css/print.css">' in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "第13周教学通报" in html and "上课接打手机" in html and "丁建国" in html  # praise names
    assert "（草稿，未发布）" in html
    css = as_(app, "AD").get("/static/css/print.css")
    assert css.status_code == 200 and "@page { size: A4" in css.get_data(as_text=True)


def test_xlsx_export_cell_by_cell(app, week):
    response = as_(app, "LE").get(f"/api/v1/bulletins/{week['term'].id}/{WEEK}/xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["概况", "表扬", "提醒", "教学事故", "领导听课情况"]
    overview = book["概况"]
    assert overview["A1"].value.endswith("第13周教学通报")
    assert overview["A2"].value == "2026-11-23 至 2026-11-29"
    assert [[c.value for c in row] for row in overview.iter_rows(min_row=3)] == [
        ["项目", "数量"], ["巡课", 2], ["推门听课", 1], ["公开课", 5], ["教学事故", 1],
        ["合计", 9], ["涉及教师（人）", 2], ["等级：优秀", 6]]
    assert [[c.value for c in row] for row in book["表扬"].iter_rows()] == [
        ["项目", "次数", "教师"], ["提前候课", 2, "丁建国、外组"]]
    assert [[c.value for c in row] for row in book["提醒"].iter_rows()] == [
        ["项目", "次数", "教师"], ["上课接打手机", 2, "（不具名）"]]
    assert [[c.value for c in row] for row in book["教学事故"].iter_rows()] == [
        ["日期", "班级", "条例", "扣分", "教师"], ["2026-11-26", None, "空堂", 2, "（不具名）"]]
    observers = book["领导听课情况"]
    assert [c.value for c in observers[1]] == [
        "工号", "姓名", "职务", "巡课", "推门听课", "公开课", "教学事故", "听课合计", "记录合计"]
    assert [c.value for c in observers[2]] == ["GH", "曹辉", "教研组长", 1, 0, 0, 1, 0, 2]
    assert [c.value for c in observers[3]] == ["LE", "马霞", "校领导", 1, 1, 0, 0, 1, 2]
    assert observers.column_dimensions["C"].width == 18 and observers.freeze_panes == "A2"
    assert book["表扬"]["A1"].font.bold


def test_teachers_read_the_bulletin_once_published(app, week):
    url = f"/api/v1/bulletins/{week['term'].id}/{WEEK}"
    teacher = as_(app, "TE")
    assert teacher.get(url).status_code == 403
    as_(app, "AD").post("/api/v1/notices/publish", json={"term_id": week["term"].id, "week": WEEK})
    data = teacher.get(url).json
    assert data["published"] is True and data["totals"]["all"] == 9
    assert data == bulletin(week["school"], week["term"], WEEK)  # the schema drops nothing
