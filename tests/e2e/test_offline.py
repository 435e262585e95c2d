"""Offline: a drop-in with a photo recorded with no network survives a reload and reaches the
server exactly once; the outbox keeps records while the server answers 503."""
import io
import re

from PIL import Image
from sqlalchemy import text

from tests.e2e.conftest import PASSWORD, shot, sign_in, sign_out


def photo_bytes() -> bytes:
    """A 2400 × 1800 JPEG, bigger than the phone keeps, so it must be resized on the phone."""
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (40, 120, 90)).save(out, "JPEG", quality=95)
    return out.getvalue()


def rows(db, sql, **params):
    with db.connect() as conn:
        return conn.execute(text(sql), params).all()


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def test_drop_in_with_photo_offline_reaches_server_once(page, context, db):
    drop_ins = "SELECT id, total, band FROM observations WHERE kind = 'drop_in' ORDER BY id"
    before = rows(db, drop_ins)
    sign_in(page, "T1007")
    wait_for_worker(page)
    page.get_by_role("link", name="听课 八年级(1)班 · 语文 · 丁建国").first.click()
    form = page.get_by_role("button", name="提交")
    form.wait_for()
    context.set_offline(True)

    page.get_by_role("spinbutton", name="教学设计: 目标明确, 重难点清楚").fill("18")
    page.get_by_role("button", name="课堂组织: 环节紧凑, 秩序良好 加 1").click()
    page.get_by_role("spinbutton", name="课堂组织: 环节紧凑, 秩序良好").fill("22")
    page.get_by_role("spinbutton", name="学生参与: 思维活跃, 面向全体").fill("27")
    page.get_by_role("spinbutton", name="教学基本功: 语言、板书、信息技术").fill("21")
    page.get_by_text("常用语").first.click()
    page.get_by_role("button", name="+ 学生参与度高").first.click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "class.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}])
    page.get_by_role("img", name="照片 1").wait_for()
    page.get_by_text("总分 88 / 100 · 等级 良好").wait_for()
    shot(page, "lesson-form")

    page.wait_for_timeout(500)  # the draft is saved 300 ms after the last change
    page.reload()  # offline: the service worker serves the shell, the draft comes back
    page.get_by_text("已恢复上次未提交的草稿").wait_for()
    assert page.get_by_role("spinbutton", name="学生参与: 思维活跃, 面向全体").input_value() == "27"
    page.get_by_role("img", name="照片 1").wait_for()
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已保存在手机上").wait_for()
    badge = page.locator("#badge")
    assert re.search(r"2 条待同步", badge.inner_text())

    page.reload()  # still offline: nothing is lost
    page.get_by_role("button", name="退出").wait_for()
    assert "2 条待同步" in badge.inner_text()
    shot(page, "offline-waiting")
    assert rows(db, drop_ins) == before

    context.set_offline(False)
    badge.wait_for(state="hidden", timeout=30000)
    observations = rows(db, drop_ins)[len(before):]
    assert len(observations) == 1
    assert (float(observations[0][1]), observations[0][2]) == (88, "良好")
    photos = rows(db, "SELECT width, height FROM photos WHERE observation_id = :id", id=observations[0][0])
    assert photos == [(1600, 1200)]  # at most 1600 px


def test_outbox_keeps_records_while_server_answers_503(page, context, db):
    sign_in(page, "T1007")
    wait_for_worker(page)
    context.route(re.compile(r".*/api/v1/observations(\?.*)?$"), lambda route: route.fulfill(
        status=503, content_type="application/json",
        body='{"code": 503, "error": "unavailable", "message": "服务暂不可用"}')
        if route.request.method == "POST" else route.continue_())
    before = rows(db, "SELECT count(*) FROM observations WHERE kind = 'patrol'")[0][0]
    page.get_by_role("link", name=re.compile("^九年级\\(1\\)班 .* 未巡")).first.click()
    page.get_by_role("button", name="一切正常，提交").click()
    page.get_by_text("已保存在手机上").wait_for()
    page.get_by_role("link", name="1 条待同步").click()
    page.get_by_text("等待上传").wait_for()
    shot(page, "outbox-503")
    # The reloaded app tries to send at once; wait for that try, or it could run after the
    # server is back and send the record before 立即同步 is pressed.
    with page.expect_response(lambda r: r.url.endswith("/api/v1/observations") and r.request.method == "POST"):
        page.reload()
    page.get_by_text("等待上传").wait_for()
    assert rows(db, "SELECT count(*) FROM observations WHERE kind = 'patrol'")[0][0] == before

    context.unroute_all()
    page.get_by_role("button", name="立即同步").click()
    page.get_by_text("全部已同步。").wait_for()
    assert page.locator("#badge").is_hidden()
    assert rows(db, "SELECT count(*) FROM observations WHERE kind = 'patrol'")[0][0] == before + 1


def test_expired_session_keeps_records_until_signed_in_again(page, context, db):
    sign_in(page, "T1007")
    count = "SELECT count(*) FROM observations WHERE kind = 'patrol'"
    before = rows(db, count)[0][0]
    page.get_by_role("link", name=re.compile("^九年级\\(3\\)班 .* 未巡")).first.click()
    submit = page.get_by_role("button", name="一切正常，提交")
    submit.wait_for()
    with db.begin() as conn:  # the session expires while the form is open
        conn.execute(text("UPDATE login_sessions SET revoked_at = CURRENT_TIMESTAMP WHERE staff_id = "
                          "(SELECT id FROM staff WHERE staff_no = 'T1007')"))
    submit.click()
    page.get_by_text("登录已过期").wait_for()
    assert rows(db, count)[0][0] == before
    assert "1 条待同步" in page.locator("#badge").inner_text()
    page.get_by_label("工号或手机号").fill("T1007")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # Sent on sign-in, not at the next 20 s retry.
    page.locator("#badge").wait_for(state="hidden", timeout=15000)
    assert rows(db, count)[0][0] == before + 1


def test_refused_record_shows_the_reason_and_is_fixed_and_sent_again(page, context, db):
    sign_in(page, "T1007")
    context.route(re.compile(r".*/api/v1/observations$"), lambda route: route.fulfill(
        status=422, content_type="application/json",
        body='{"code": 422, "error": "validation_error", "message": "提交的内容有误", '
             '"errors": {"teacher_id": ["该班此时课表上没有课，请选择被听课教师"]}}')
        if route.request.method == "POST" else route.continue_())
    page.get_by_role("link", name=re.compile("^九年级\\(4\\)班 .* 未巡")).first.click()
    page.get_by_role("button", name="一切正常，提交").click()
    badge = page.get_by_role("link", name="⚠ 1 条待同步")
    badge.click()
    page.get_by_text("服务器未接受：提交的内容有误；该班此时课表上没有课，请选择被听课教师").wait_for()
    shot(page, "outbox-refused")
    context.unroute_all()
    page.get_by_role("link", name="修改").click()  # fix it on the phone, then send it again
    page.get_by_role("button", name=re.compile("提前候课")).click()
    page.get_by_role("button", name="重新发送").click()
    page.get_by_text("全部已同步。").wait_for()
    assert rows(db, "SELECT count(*), max(o.praise_count) FROM observations o "
                    "JOIN class_groups c ON c.id = o.class_group_id "
                    "WHERE o.kind = 'patrol' AND c.name = '九年级(4)班'")[0] == (1, 1)


def test_a_lesson_draft_belongs_to_its_observer(page):
    lesson = "听课 八年级(1)班 · 语文 · 丁建国"
    design = "教学设计: 目标明确, 重难点清楚"
    sign_in(page, "T1007")
    page.get_by_role("link", name=lesson).first.click()
    page.get_by_role("spinbutton", name=design).fill("17")
    page.wait_for_timeout(500)  # the draft is saved 300 ms after the last change
    sign_out(page)

    sign_in(page, "T1001")  # another leader on the same phone starts a form of their own
    page.get_by_role("link", name=lesson).first.click()
    page.get_by_role("button", name="提交").wait_for()
    assert page.get_by_text("已恢复上次未提交的草稿").count() == 0
    assert page.get_by_role("spinbutton", name=design).input_value() != "17"
    sign_out(page)

    sign_in(page, "T1007")  # and the first finds theirs again
    page.get_by_role("link", name=lesson).first.click()
    page.get_by_text("已恢复上次未提交的草稿").wait_for()
    assert page.get_by_role("spinbutton", name=design).input_value() == "17"
