"""Sign-in: a first sign-in must change the password; the tabs follow the roles; sign-out; the
observer edits a record from 我的记录 while the server allows it."""
import re

from sqlalchemy import text

from tests.e2e.conftest import PASSWORD, shot, sign_in, sign_out


def test_first_sign_in_changes_password_then_signs_out(page, db):
    with db.begin() as conn:
        conn.execute(text("UPDATE staff SET must_change_password = :yes WHERE staff_no = 'T1004'"),
                     {"yes": True})
    page.goto("/")
    page.get_by_label("工号或手机号").fill("T1004")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("首次登录，请先设置新密码").wait_for()
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Gu-min-2026")
    page.get_by_label("再输一次新密码").fill("Gu-min-2026")
    shot(page, "password-change")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="我的反馈").wait_for()
    tabs = page.get_by_role("navigation").get_by_role("link").all_inner_texts()
    assert tabs == ["我的反馈", "通知"]  # a teacher sees only their own feedback
    sign_out(page)
    with db.connect() as conn:
        assert conn.execute(text(
            "SELECT must_change_password FROM staff WHERE staff_no = 'T1004'")).scalar() in (False, 0)


def test_observer_edits_a_patrol_from_history(page, db):
    sign_in(page, "T1007")
    page.get_by_role("link", name=re.compile("^九年级\\(2\\)班 .* 未巡")).first.click()
    page.get_by_role("button", name="一切正常，提交").click()
    page.get_by_role("button", name="下一间").wait_for()
    page.get_by_role("link", name="我的记录").click()
    card = page.locator("article", has_text="九年级(2)班").first
    card.get_by_role("link", name="修改").click()
    page.get_by_role("button", name=re.compile("提前候课")).click()
    assert page.get_by_role("button", name=re.compile("提前候课")).get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="我的记录").wait_for()
    page.locator("article", has_text="九年级(2)班").first.get_by_text("表扬 1").wait_for()
    shot(page, "history")


def test_works_with_the_system_font_size_raised(browser, server):
    """At 150 % text size nothing is cut off sideways: everything wraps within 360 px."""
    context = browser.new_context(base_url=server, viewport={"width": 360, "height": 740},
                                  bypass_csp=True)  # to inject the larger font, as a phone setting would
    page = context.new_page()
    try:
        sign_in(page, "T1007")
        page.add_style_tag(content="html { font-size: 150%; }")
        page.get_by_role("link", name="听课 八年级(1)班 · 语文 · 丁建国").first.click()
        page.get_by_role("button", name="提交").wait_for()
        shot(page, "lesson-form-large-text")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.go_back()
        page.get_by_role("link", name="听课 八年级(1)班 · 语文 · 丁建国").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
