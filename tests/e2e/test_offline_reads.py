"""Reading offline: 我的反馈, a notice and the reports show the last copy seen, say so with its
time, keep what a teacher types, and never show one person's copy to the next on the phone."""
import re

from sqlalchemy import text

from tests.e2e.conftest import (PASSWORD, publish_with_photo, record_drop_in_on_t1003, shot, sign_in,
                                sign_out)

# Two weeks before AT: a week no other test publishes, so its notice is this test's own.
TWO_WEEKS_BEFORE = "2026-11-10T02:20:00Z"
BANNER = re.compile(r"离线：显示 11月24日 10:2\d 的数据")


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def saved_copies(page) -> str:
    """Everything the app keeps in IndexedDB's 'saved' store, as text."""
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('xunke');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const request = open.result.transaction('saved').objectStore('saved').getAll();
            request.onsuccess = () => { resolve(JSON.stringify(request.result)); open.result.close(); };
        };
    })""")


def test_teacher_reads_feedback_offline_and_the_next_person_does_not(page, context, db):
    marker, _, _, notice_id = publish_with_photo(context, TWO_WEEKS_BEFORE)
    sign_in(page, "T1003")
    wait_for_worker(page)
    page.get_by_role("link", name="我的反馈").click()
    card = page.locator("article", has_text=marker)
    card.get_by_role("img", name="照片 1").wait_for()
    page.locator(f'a[href="#/notices/{notice_id}"]').click()
    page.get_by_role("heading", name="每周通报 · 丁建国").wait_for()
    page.get_by_text(marker).wait_for()
    # Opening the notice reads its notification (online): other tests count unread ones.
    page.locator('nav a[data-path="/notifications"] .count').wait_for(state="detached")
    page.get_by_role("link", name="我的反馈").click()
    card.wait_for()

    # No network: a reload still shows my observation, its photo and my notice, saying from when.
    context.set_offline(True)
    page.reload()
    page.get_by_role("status").filter(has_text=BANNER).wait_for()
    card.get_by_role("img", name="照片 1").wait_for()
    assert "得分 83 / 100" in card.inner_text()
    page.locator(f'a[href="#/notices/{notice_id}"]').wait_for()
    shot(page, "feedback-offline")

    # The notice offline: 已阅 and a reflection wait in the outbox; an appeal cannot be sent,
    # says so, and what was typed for it stays on the phone.
    page.locator(f'a[href="#/notices/{notice_id}"]').click()
    page.get_by_role("heading", name="每周通报 · 丁建国").wait_for()  # not the list still shown
    page.get_by_role("status").filter(has_text=BANNER).wait_for()
    page.get_by_role("button", name="确认已阅").click()
    page.get_by_text("✓ 已阅（已保存在手机上，联网后自动上传）").wait_for()
    page.get_by_label("教学反思").fill("下次让后排学生多发言")
    page.get_by_role("button", name="保存反思").click()
    page.get_by_text("✓ 反思已保存（已保存在手机上，联网后自动上传）").wait_for()
    assert page.get_by_role("button", name="提交申诉").is_disabled()
    page.get_by_role("alert").filter(has_text="离线时不能提交").wait_for()
    page.get_by_label("申诉理由").fill("第二节是代课")
    page.wait_for_timeout(500)  # what is typed is kept 300 ms after the last key
    shot(page, "notice-offline")
    page.reload()
    page.get_by_role("heading", name="每周通报 · 丁建国").wait_for()
    assert page.get_by_label("教学反思").input_value() == "下次让后排学生多发言"
    assert page.get_by_label("申诉理由").input_value() == "第二节是代课"
    page.get_by_text("✓ 已阅（已保存在手机上").wait_for()
    with db.connect() as conn:
        row = conn.execute(text("SELECT acknowledged_at, reflection FROM weekly_notices WHERE id = :id"),
                           {"id": notice_id}).one()
    assert row.acknowledged_at is None and not row.reflection

    # The network is back: the outbox sends 已阅 and the reflection; the appeal can be sent.
    context.set_offline(False)
    page.locator("#badge").wait_for(state="hidden", timeout=30000)
    with db.connect() as conn:
        row = conn.execute(text("SELECT acknowledged_at, reflection FROM weekly_notices WHERE id = :id"),
                           {"id": notice_id}).one()
    assert row.acknowledged_at is not None and row.reflection == "下次让后排学生多发言"
    assert page.get_by_role("button", name="提交申诉").is_enabled()

    # Signed out, another person signs in on the same phone: nothing of mine is kept or shown.
    sign_out(page)
    assert marker not in saved_copies(page)
    sign_in(page, "T1002")
    page.goto("/#/feedback")
    page.get_by_role("heading", name="我的反馈").wait_for()
    context.set_offline(True)
    page.goto(f"/#/notices/{notice_id}")
    page.get_by_role("alert").filter(has_text="离线").wait_for()
    assert marker not in page.locator("main").inner_text()
    assert marker not in saved_copies(page)
    shot(page, "offline-next-person")


def test_expired_session_and_another_person_signing_in_drops_the_copies(page, context, db):
    marker, _ = record_drop_in_on_t1003(context)
    sign_in(page, "T1003")
    page.get_by_role("link", name="我的反馈").click()
    page.locator("article", has_text=marker).wait_for()
    assert marker in saved_copies(page)
    with db.begin() as conn:  # 丁建国's session ends without a sign-out on this phone
        conn.execute(text("UPDATE login_sessions SET revoked_at = CURRENT_TIMESTAMP WHERE staff_id = "
                          "(SELECT id FROM staff WHERE staff_no = 'T1003')"))
    page.reload()
    page.get_by_label("工号或手机号").fill("T1002")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出").wait_for()
    assert marker not in saved_copies(page)


def test_reports_show_the_last_copy_offline(page, context):
    sign_in(page, "admin")
    wait_for_worker(page)
    page.get_by_role("link", name="报表").click()
    page.get_by_role("heading", name="听课任务与轮回听课").wait_for()
    page.locator("main svg[role=img]").first.wait_for()
    assert page.get_by_role("status").filter(has_text="离线").count() == 0
    context.set_offline(True)
    page.reload()
    page.get_by_role("status").filter(has_text=BANNER).wait_for()
    page.get_by_role("heading", name="听课任务与轮回听课").wait_for()
    page.get_by_role("heading", name="学期考核").wait_for()
    page.locator("main svg[role=img]").first.wait_for()
    shot(page, "reports-offline")


def test_copies_are_bounded_and_the_oldest_go_first(page):
    sign_in(page, "T1003")
    page.get_by_role("heading", name="我的反馈").wait_for()
    kept = page.evaluate("""async () => {
        const { cachedGet } = await import('/static/js/api.js');
        const db = await import('/static/js/db.js');
        for (let i = 0; i < 310; i += 1) {
            await cachedGet(`/bound/${i}`, async () => ({ i }));
            await new Promise((resolve) => { setTimeout(resolve, 2); });  // one fetch time each
        }
        return { count: await db.count('saved', 'get:'), paths: (await db.values('saved', 'get:')).map((c) => c.path) };
    }""")
    assert kept["count"] == 300
    assert "/bound/309" in kept["paths"] and "/bound/9" not in kept["paths"]
    assert not any(p.startswith("/notices") for p in kept["paths"])  # read first, dropped first
