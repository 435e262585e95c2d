"""The appraisal API: who sees which rows, the formula's validation, closing, the .xlsx export."""
import io

import pytest
from openpyxl import load_workbook

from backend.org.settings import DEFAULTS
from tests.api.test_observations import as_
from tests.appraisal.world import appraisal_world
from tests.factories import create_term

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(app):
    return appraisal_world()


def staff_nos(response):
    assert response.status_code == 200, response.json
    return [row["staff_no"] for row in response.json["rows"]]


def test_each_reader_sees_their_rows(app, world):
    url = f"/api/v1/terms/{world['term'].id}/appraisal"
    assert staff_nos(as_(app, "A").get(url)) == ["A"]
    assert staff_nos(as_(app, "GH").get(url)) == ["A", "B", "GH"]  # the 语文组
    everyone = ["A", "B", "C", "D", "GH", "LE", "R0", "R1", "R2", "R3", "R4"]
    assert staff_nos(as_(app, "LE").get(url)) == everyone
    assert staff_nos(as_(app, "AD").get(url)) == everyone


def test_row_carries_every_component(app, world):
    body = as_(app, "B").get(f"/api/v1/terms/{world['term'].id}/appraisal").json
    assert body["frozen"] is False and body["formula"] == DEFAULTS["appraisal_formula"]
    row = body["rows"][0]
    assert {k: row[k] for k in ("lessons_counted", "mean_lesson_score", "lesson_points",
                                "problem_points", "problem_deduction", "incident_count",
                                "incident_deduction", "result", "excellence_eligible")} == {
        "lessons_counted": 1, "mean_lesson_score": "94.33", "lesson_points": "18.87",
        "problem_points": "8.00", "problem_deduction": "6.00", "incident_count": 1,
        "incident_deduction": "2.00", "result": "10.87", "excellence_eligible": False}


def test_export_is_a_workbook_checked_cell_by_cell(app, world):
    response = as_(app, "AD").get(f"/api/v1/terms/{world['term'].id}/appraisal.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active  # numbers come back as int or float
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == ["工号", "姓名", "教研组", "计入课节", "课堂均分", "课堂得分", "巡课表扬次数",
                      "表扬加分", "问题扣分合计", "问题扣分(封顶后)", "教学事故", "事故扣分", "考核分", "可评优"]
    assert all(cell.font.bold for cell in sheet[1])
    a = [cell.value for cell in sheet[2]]
    assert a[:3] == ["A", world["people"]["A"].name, "语文组"]
    assert a[3:] == [2, 85.00, 17.00, 5, 2.00, 4.00,
                     4.00, 0, 0.00, 15.00, "是"]
    assert [sheet.cell(2, col).number_format for col in (4, 5, 13)] == ["0", "0.00", "0.00"]
    b = [cell.value for cell in sheet[3]]
    assert (b[0], b[12], b[13]) == ("B", 10.87, "否")
    d = [cell.value for cell in sheet[5]]
    assert (d[0], d[3], d[4], d[12]) == ("D", 0, None, None)
    assert sheet.max_row == 12


def test_teacher_export_holds_only_their_row(app, world):
    response = as_(app, "C").get(f"/api/v1/terms/{world['term'].id}/appraisal.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 2 and sheet["A2"].value == "C" and sheet["M2"].value == 0


def test_formula_is_validated_field_by_field(app, world):
    office = as_(app, "AD")
    bad = {**DEFAULTS["appraisal_formula"], "lesson_weight": -1, "praise_cap": "多", "surprise": 1}
    del bad["incident_deduction"]
    response = office.put("/api/v1/appraisal/formula", json=bad)
    assert response.status_code == 422
    errors = response.json["errors"]
    assert errors["lesson_weight"] == ["应在 0 到 10 之间"]
    assert errors["praise_cap"] == ["需要数字"]
    assert errors["incident_deduction"] == ["必填"]
    assert errors["surprise"] == ["不认识的字段"]
    upside_down = office.put("/api/v1/appraisal/formula",
                             json={**DEFAULTS["appraisal_formula"], "clip_min": 20, "clip_max": 0})
    assert (upside_down.status_code, upside_down.json["errors"]) == (422, {"clip_max": ["最高分应大于最低分"]})
    assert office.get("/api/v1/appraisal/formula").json == DEFAULTS["appraisal_formula"]


def test_formula_saved_changes_the_open_term(app, world):
    office = as_(app, "AD")
    formula = {**DEFAULTS["appraisal_formula"], "incident_bars_excellence": False, "incident_deduction": 1}
    assert office.put("/api/v1/appraisal/formula", json=formula).json == formula
    assert as_(app, "LE").get("/api/v1/appraisal/formula").json == formula
    row = as_(app, "B").get(f"/api/v1/terms/{world['term'].id}/appraisal").json["rows"][0]
    assert (row["result"], row["excellence_eligible"]) == ("11.87", True)
    assert as_(app, "LE").put("/api/v1/appraisal/formula", json=formula).status_code == 403


def test_close_freezes_and_reports_frozen(app, world):
    office = as_(app, "AD")
    url = f"/api/v1/terms/{world['term'].id}/appraisal"
    closed = office.post(url + "/close")
    assert closed.status_code == 200, closed.json
    assert closed.json["frozen"] is True and closed.json["frozen_at"]
    office.put("/api/v1/appraisal/formula", json={**DEFAULTS["appraisal_formula"], "lesson_weight": 0.1})
    assert as_(app, "A").get(url).json["rows"][0]["result"] == "15.00"
    assert office.post(url + "/close").status_code == 200  # a retry changes nothing
    term = office.get(f"/api/v1/terms/{world['term'].id}").json
    assert term["closed"] is True
    assert office.patch(f"/api/v1/terms/{world['term'].id}", json={"name": "改"}).status_code == 409


def test_term_still_running_cannot_be_closed(app, world):
    running = create_term(world["school"])  # 2026-08-31 .. 2027-01-17
    response = as_(app, "AD").post(f"/api/v1/terms/{running.id}/appraisal/close")
    assert response.status_code == 409
    assert response.json["error"] == "term_not_over" and "2027-01-17" in response.json["message"]
    assert as_(app, "AD").get(f"/api/v1/terms/{running.id}/appraisal").json["frozen"] is False
