"""The office edits a rubric draft in the editor, sees the server's per-item problems, previews
it as the phone renders it, and publishes it as a new version."""
import json

from sqlalchemy import text

from tests.e2e.conftest import shot, sign_in


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
