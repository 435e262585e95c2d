"""The office's screens: the rubric editor (a form with the phone preview beside it, the server's
problems beside the field they concern), the roster import check and the term calendar."""
import json

from sqlalchemy import text

from tests.e2e.conftest import AT, shot, sign_in


def published(db, rubric_id: int) -> list:
    with db.connect() as conn:
        rows = conn.execute(text("SELECT number, kinds, definition FROM rubric_versions "
                                 "WHERE rubric_id = :id ORDER BY number"), {"id": rubric_id}).all()
    return [(n, kinds, json.loads(d) if isinstance(d, str) else d) for n, kinds, d in rows]


def assert_fits_a_phone(page) -> None:
    """At 360 px nothing scrolls sideways and every control is at least 44 px tall."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate("""() => [...document.querySelectorAll('main button, main select, main input, main summary')]
        .map((c) => (c.type === 'checkbox' ? c.closest('label') : c))
        .filter((c) => c.checkVisibility() && c.getBoundingClientRect().height < 44).map((c) => c.outerHTML.slice(0, 80))""")
    assert small == []


def test_office_edits_a_rubric_in_the_form_and_publishes_it(page, db):
    page.set_viewport_size({"width": 1280, "height": 900})  # the office works at a desk
    sign_in(page, "admin")
    page.get_by_role("link", name="教导处").click()
    page.get_by_role("link", name="评价表").click()
    page.get_by_label("模板").select_option("drop_in_quick")
    page.get_by_role("button", name="新建").click()
    page.get_by_label("评价表名称").fill("作业与课堂简表")
    rubric_id = int(page.url.rsplit("/", 1)[1])
    kinds = page.get_by_role("group", name="用于哪种听课")
    kinds.get_by_label("推门听课").uncheck()
    kinds.get_by_label("公开课").check()
    preview = page.get_by_role("region", name="手机预览")
    preview.get_by_text("总分 0 / 100 · 等级 不合格").wait_for()

    page.get_by_role("button", name="添加部分").click()
    section = page.get_by_role("group", name="第 3 部分")
    section.get_by_label("部分名称").fill("作业设计")
    section.get_by_label("新评价项的类型").select_option("score")
    section.get_by_role("button", name="添加评价项").click()
    item = section.get_by_role("group", name="第 1 项（打分）")
    item.get_by_label("名称", exact=True).fill("作业布置分层、适量")
    preview.get_by_role("spinbutton", name="作业布置分层、适量").wait_for()
    preview.get_by_text("总分 0 / 110 · 等级 不合格").wait_for()  # a new item is 0–10
    item.get_by_label("最高分").fill("20")
    preview.get_by_text("总分 0 / 120 · 等级 不合格").wait_for()
    preview.get_by_role("spinbutton", name="作业布置分层、适量").fill("18")
    preview.get_by_text("总分 18 / 120 · 等级 不合格").wait_for()
    page.evaluate("scrollTo(0, 0)")  # sticky parts (tabs, preview) are drawn where the page was scrolled
    shot(page, "office-rubric-form")

    page.wait_for_timeout(500)  # kept on this computer 300 ms after the last change
    page.reload()  # as if the tab had closed: nothing typed is lost
    page.get_by_text("已恢复本机上次未保存到服务器的修改").wait_for()
    assert page.get_by_label("评价表名称").input_value() == "作业与课堂简表"
    assert item.get_by_label("最高分").input_value() == "20"

    item.get_by_label("最低分").fill("30")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("有 1 个问题").nth(1).wait_for()  # the summary and the refused publish
    maximum = item.get_by_label("最高分")
    assert maximum.get_attribute("aria-invalid") == "true"
    beside = page.locator(f"#{maximum.get_attribute('aria-describedby')}")
    assert "最大值(max) 20 应大于最小值(min) 30" in beside.inner_text()
    assert beside.is_visible()
    page.evaluate("scrollTo(0, 0)")
    shot(page, "office-rubric-problems")
    assert published(db, rubric_id) == []

    item.get_by_label("最低分").fill("0")
    page.get_by_text("高级：直接编辑 JSON").click()  # the same definition, as JSON
    editor = page.get_by_label("评价表定义（JSON）")
    definition = json.loads(editor.input_value())
    assert definition["sections"][2]["items"][0]["max"] == 20
    definition["sections"][2]["items"][0]["hint"] = "看作业本"
    editor.fill(json.dumps(definition, ensure_ascii=False))
    assert item.get_by_label("提示（可不填）").input_value() == "看作业本"

    page.set_viewport_size({"width": 360, "height": 740})
    assert_fits_a_phone(page)
    shot(page, "office-rubric-form-phone")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("✓ 已发布第 1 版").wait_for()
    assert maximum.get_attribute("aria-invalid") is None

    [(number, kinds, definition)] = published(db, rubric_id)
    assert (number, kinds, definition["title"]) == (1, "open_lesson", "作业与课堂简表")
    assert definition["sections"][2]["title"] == "作业设计"
    new = definition["sections"][2]["items"][0]
    assert (new["type"], new["label"], new["min"], new["max"], new["step"], new["hint"]) == (
        "score", "作业布置分层、适量", 0, 20, 1, "看作业本")


def test_office_reorders_retypes_and_grades_in_the_form_and_saves_the_draft(page, db):
    sign_in(page, "admin")  # on the phone this time
    page.goto(f"/?at={AT}#/office/rubrics")
    page.get_by_label("模板").select_option("patrol_checklist")
    page.get_by_role("button", name="新建").click()
    page.get_by_label("评价表名称").fill("巡课记录表（试行）")
    rubric_id = int(page.url.rsplit("/", 1)[1])
    preview = page.get_by_role("region", name="手机预览")

    page.get_by_role("button", name="上移 第 2 项（勾选）").click()
    first = page.get_by_role("group", name="第 1 项（勾选）")
    assert first.get_by_label("名称", exact=True).input_value() == "教学秩序良好"
    first.get_by_label("性质").select_option("problem")
    first.get_by_label("计为教学事故").check()
    preview.get_by_role("button", name="教学秩序良好（教学事故） −1").wait_for()

    page.get_by_label("新评价项的类型").select_option("level")
    page.get_by_role("button", name="添加评价项").click()
    level = page.get_by_role("group", name="第 12 项（等级）")
    level.get_by_label("名称", exact=True).fill("课堂纪律")
    level.get_by_role("button", name="删除 等级 差").click()
    preview.get_by_role("button", name="优（4分）").wait_for()
    assert preview.get_by_role("button", name="差（1分）").count() == 0

    page.get_by_label("按得分率评定等级").check()
    top = page.get_by_role("group", name="第 1 个等级")
    top.get_by_label("得分率从（%）").fill("85")
    start = top.get_by_label("得分率从（%）")

    page.get_by_text("高级：直接编辑 JSON").click()
    editor = page.get_by_label("评价表定义（JSON）")
    definition = json.loads(editor.input_value())
    definition["sections"][0]["items"][0]["weight"] = 2  # no field of the form: shown on its item
    editor.fill(json.dumps(definition, ensure_ascii=False))
    first.get_by_text('不认识的字段 "weight"').wait_for()
    assert first.get_attribute("aria-invalid") == "true"
    editor.fill("{")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("JSON 格式有误").nth(1).wait_for()  # beside the JSON, and the refused save
    del definition["sections"][0]["items"][0]["weight"]
    editor.fill(json.dumps(definition, ensure_ascii=False))
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("✓ 已保存").wait_for()
    beside = page.locator(f"#{start.get_attribute('aria-describedby')}")
    assert "区间 85–100 与「良好」(80–90) 重叠" in beside.inner_text()
    assert start.get_attribute("aria-invalid") == "true"
    assert_fits_a_phone(page)
    shot(page, "office-rubric-bands")

    with db.connect() as conn:
        draft = conn.execute(text("SELECT draft FROM rubrics WHERE id = :id"), {"id": rubric_id}).scalar()
    draft = json.loads(draft) if isinstance(draft, str) else draft
    items = draft["sections"][0]["items"]
    assert [i["label"] for i in items[:2]] == ["教学秩序良好", "提前候课"]
    assert (items[0]["polarity"], items[0]["incident"]) == ("problem", True)
    assert items[-1]["label"] == "课堂纪律"
    assert [lv["label"] for lv in items[-1]["levels"]] == ["优", "良", "中"]
    assert draft["bands"][0] == {"label": "优秀", "min": 85, "max": 100}
    assert published(db, rubric_id) == []


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
