"""The office edits a rubric draft in the editor, sees the server's per-item problems, previews
it as the phone renders it, and publishes it as a new version."""
import json

from sqlalchemy import text

from tests.e2e.conftest import AT, shot, sign_in


def test_office_edits_and_publishes_a_rubric(page, db):
    page.set_viewport_size({"width": 1280, "height": 900})  # the office works at a desk
    sign_in(page, "admin")
    page.get_by_role("link", name="教导处").click()
    page.get_by_role("link", name="评价表").click()
    page.get_by_role("link", name="推门听课简表").click()
    editor = page.get_by_label("评价表定义（JSON）")
    editor.wait_for()
    page.get_by_role("spinbutton", name="教学设计: 目标明确, 重难点清楚（必填）").wait_for()  # the preview

    definition = json.loads(editor.input_value())
    definition["sections"][0]["items"][0]["step"] = 0.3
    editor.fill(json.dumps(definition, ensure_ascii=False, indent=2))
    page.get_by_role("button", name="检查").click()
    problem = page.get_by_role("alert").filter(has_text="步长")
    problem.wait_for()
    assert "sections[0].items[0].step" in problem.inner_text()
    shot(page, "office-rubric-problems")

    definition["sections"][0]["items"][0]["step"] = 0.5
    definition["sections"][0]["items"].append(
        {"key": "homework", "type": "level", "label": "作业设计", "levels": [
            {"key": "A", "label": "优", "points": 0}, {"key": "B", "label": "一般", "points": 0}]})
    definition["title"] = "推门听课简表（2026修订）"
    editor.fill(json.dumps(definition, ensure_ascii=False, indent=2))
    page.get_by_role("button", name="优（0分）").wait_for()  # the preview follows the edit
    shot(page, "office-rubric-preview")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("✓ 已发布第 2 版").wait_for()

    with db.connect() as conn:
        versions = conn.execute(text(
            "SELECT v.number, r.title FROM rubric_versions v JOIN rubrics r ON r.id = v.rubric_id "
            "WHERE r.title = '推门听课简表（2026修订）' ORDER BY v.number")).all()
    assert [v[0] for v in versions] == [1, 2]


def test_office_checks_a_roster_file_before_importing(page):
    sign_in(page, "admin")
    page.goto(f"/?at={AT}#/office/imports")
    page.get_by_label("导入内容").select_option("periods")
    bad = "节次,开始,结束\n1,08:00,08:45\n2,09:70,09:40\n".encode()
    page.get_by_label("文件（CSV 或 .xlsx）").set_input_files(
        files=[{"name": "作息时间.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="检查").click()
    report = page.get_by_role("table")
    report.wait_for()
    assert "第 3 行" in report.inner_text()
    assert page.get_by_text("试运行").is_visible()
    shot(page, "office-import-report")


def test_office_adds_a_holiday_to_the_term_calendar(page, db):
    sign_in(page, "admin")
    page.goto(f"/?at={AT}#/office/calendar")
    term = page.get_by_role("region", name="2026-2027学年第二学期")
    term.get_by_role("button", name="添加假期").click()
    holiday = term.locator(".actions").filter(has=page.get_by_role("button", name="删除 1"))
    holiday.get_by_label("名称").fill("清明节")
    holiday.get_by_label("开始").fill("2027-04-05")
    holiday.get_by_label("结束").fill("2027-04-05")
    term.get_by_role("button", name="保存").click()
    term.get_by_text("✓ 已保存").wait_for()
    with db.connect() as conn:
        names = conn.execute(text("SELECT h.name FROM holidays h JOIN terms t ON t.id = h.term_id "
                                  "WHERE t.name = '2026-2027学年第二学期'")).scalars().all()
    assert names == ["清明节"]
