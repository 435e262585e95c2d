"""记录管理: the office finds a record by its week, kind and teacher, corrects it giving a reason
(without one, or offline, nothing changes) and reads who changed what and why in 修改记录."""
from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import record_drop_in_on_t1003, shot, sign_in

# Four weeks before AT, a Tuesday at 10:20 in Beijing: a day no other test records on.
FOUR_WEEKS_BEFORE = "2026-10-27T02:20:00Z"


def stored(db, observation_id: int):
    with db.connect() as conn:
        suggestions = conn.execute(text("SELECT suggestions FROM observations WHERE id = :id"),
                                   {"id": observation_id}).scalar()
        actions = conn.execute(text("SELECT action FROM audit_entries WHERE observation_id = :id "
                                    "ORDER BY id"), {"id": observation_id}).scalars().all()
    return suggestions, actions


def test_office_corrects_a_record_with_a_reason_and_reads_its_trail(page, context, db):
    marker, obs = record_drop_in_on_t1003(context, FOUR_WEEKS_BEFORE)
    sign_in(page, "admin")
    page.goto("/#/office")
    page.get_by_role("link", name="记录管理").click()
    search = page.get_by_role("search")
    search.get_by_label("教学周").fill("99")
    search.get_by_role("button", name="查找").click()
    page.get_by_role("alert").filter(has_text="教学周：应在 1 到 30 之间").wait_for()
    search.get_by_label("教学周").fill(str(obs["week"]))
    search.get_by_label("类型").select_option(label="推门听课")
    search.get_by_label("授课教师").select_option(label="丁建国（T1003）")
    search.get_by_role("button", name="查找").click()
    found = page.get_by_role("link").filter(has_text="2026-10-27 · 推门听课 · 丁建国")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("八年级(1)班 语文")
    expect(found).to_contain_text("得分 83 / 100 · 良好")
    expect(page.get_by_text("第 1 / 1 页，共 1 条")).to_be_visible()
    expect(page.get_by_role("button", name="下一页")).to_be_disabled()
    shot(page, "office-records")
    found.click()

    form = page.get_by_role("form", name="更正记录")
    expect(form.get_by_label("主要优点")).to_have_value(marker)
    form.get_by_label("改进建议").fill("多给后排学生发言机会")
    form.get_by_role("button", name="保存更正").click()
    form.get_by_role("alert").filter(has_text="更正原因：请填写更正原因").wait_for()
    expect(form).to_contain_text("没有保存，记录未改变。")
    assert stored(db, obs["id"]) == ("", ["create"])

    form.get_by_label("更正原因（必填）").fill("听课人漏记了改进建议")
    context.set_offline(True)  # a correction is never kept on the computer to send later
    form.get_by_role("button", name="保存更正").click()
    form.get_by_role("alert").filter(has_text="离线时不能更正").wait_for()
    context.set_offline(False)
    assert stored(db, obs["id"]) == ("", ["create"])
    form.get_by_role("button", name="保存更正").click()
    form.get_by_role("status").filter(has_text="✓ 已更正").wait_for()
    expect(form.get_by_label("更正原因（必填）")).to_have_value("")
    trail = page.get_by_role("region", name="修改记录").get_by_role("article")
    expect(trail).to_have_count(2)
    expect(trail.first).to_contain_text("马霞 · 创建")
    expect(trail.last).to_contain_text("教导处 · 更正")
    expect(trail.last).to_contain_text("建议：（空） → 多给后排学生发言机会")
    expect(trail.last).to_contain_text("评价 · 改进建议：（空） → 多给后排学生发言机会")
    expect(trail.last).to_contain_text("原因：听课人漏记了改进建议")
    expect(page.get_by_role("article").first).to_contain_text("建议：多给后排学生发言机会")
    shot(page, "office-record-corrected")
    assert stored(db, obs["id"]) == ("多给后排学生发言机会", ["create", "correct"])
