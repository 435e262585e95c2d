"""每周通报 in the app: the office builds and publishes a week, a teacher reads the notice,
acknowledges it and appeals, the office resolves the appeal; the reports screen shows coverage
and an inline chart."""
from sqlalchemy import text

from tests.e2e.conftest import AT, record_drop_in_on_t1003, shot, sign_in, sign_out

# A week before AT (Tuesday 10:20 in Beijing, period 3): the notices are built for that week,
# so the tests that record in AT's week are not touched by its publication.
WEEK_BEFORE = "2026-11-17T02:20:00Z"


def test_week_published_read_appealed_and_resolved(page, context, db):
    marker, obs = record_drop_in_on_t1003(context, WEEK_BEFORE)
    week = obs["week"]

    # The office: the week just ended is picked; build the drafts, publish, see the bulletin.
    sign_in(page, "admin")
    page.goto(f"/?at={AT}#/office/weekly")
    assert page.get_by_label("周次").input_value() == str(week)
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_role("status").filter(has_text="已生成").wait_for()
    draft = page.locator("a.card", has_text="丁建国")
    draft.wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布本周通报").click()
    page.get_by_role("status").filter(has_text="已发布").wait_for()
    bulletin = page.get_by_role("region", name="周通报")
    assert "推门听课 1" in bulletin.inner_text()
    assert bulletin.get_by_role("link", name="打印页").get_attribute("href").endswith(f"/{week}/print")
    shot(page, "office-weekly")
    sign_out(page)

    # The teacher: a notification, the notice with its lesson score; 已阅 and 申诉.
    sign_in(page, "T1003")
    page.get_by_role("link", name="通知").get_by_label("1 条未读").wait_for()
    page.get_by_role("link", name="我的反馈").click()
    page.locator("a.card", has_text=f"每周通报 · 第 {week} 周").click()
    page.get_by_role("heading", name="每周通报 · 丁建国").wait_for()
    page.get_by_text(marker).wait_for()
    assert "83 分" in page.locator("main").inner_text()
    assert "申诉截止" in page.locator("main").inner_text()
    # Opening the notice reads its notification: the nav's count goes.
    page.get_by_role("link", name="通知").get_by_label("1 条未读").wait_for(state="detached")
    page.get_by_role("button", name="确认已阅").click()
    page.get_by_text("✓ 已阅").wait_for()
    page.get_by_label("申诉理由").fill("那节课是代课，不是我的课")
    page.get_by_role("button", name="提交申诉").click()
    page.get_by_text("处理中，等待教导处答复").wait_for()
    shot(page, "teacher-notice")
    with db.connect() as conn:
        row = conn.execute(text(
            "SELECT n.acknowledged_at, a.status, a.notice_id FROM weekly_notices n "
            "JOIN notice_appeals a ON a.notice_id = n.id WHERE n.week = :week AND a.reason LIKE '%代课%'"),
            {"week": week}).one()
    assert row.acknowledged_at is not None and row.status == "open"
    sign_out(page)

    # The office works the appeals queue, loaded in one request (not one per notice), and
    # resolves the appeal from the list: 维持, with a reason.
    sign_in(page, "admin")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/notices" in r.url else None)
    page.goto(f"/?at={AT}#/office/weekly")
    queue = page.get_by_role("region", name="待处理的申诉")
    queue.get_by_role("heading", name="待处理的申诉（1）").wait_for()
    appeal = queue.locator("article", has_text="那节课是代课")
    assert f"丁建国 · 第 {week} 周" in appeal.inner_text()
    assert "今天提出" in appeal.inner_text()
    assert appeal.get_by_role("link", name="查看通报").get_attribute("href") == (
        f"#/notices/{row.notice_id}")
    assert [u for u in asked if "/appeals" in u] == [
        page.url.split("/?")[0] + "/api/v1/notices/appeals?status=open&per_page=100"]
    assert not [u for u in asked if "/api/v1/notices/" in u and "/appeals" not in u]
    appeal.get_by_label("处理结果").select_option("upheld")
    appeal.get_by_label("处理理由").fill("课表显示为本人授课")
    shot(page, "office-appeals")
    appeal.get_by_role("button", name="提交处理").click()
    page.get_by_text("✓ 已处理").wait_for()
    queue.get_by_role("heading", name="待处理的申诉（0）").wait_for()
    with db.connect() as conn:
        assert conn.execute(text("SELECT status, resolution FROM notice_appeals WHERE reason LIKE '%代课%'")
                            ).one() == ("upheld", "课表显示为本人授课")


def test_office_sees_coverage_and_an_inline_chart(page):
    sign_in(page, "admin")
    page.get_by_role("link", name="报表").click()
    page.get_by_role("heading", name="听课任务与轮回听课").wait_for()
    page.get_by_role("heading", name="本月还没有领导听过课的教师").wait_for()
    assert page.get_by_role("link", name="下载 Excel").first.get_attribute("href").startswith("/api/v1/terms/")
    chart = page.locator("main svg[role=img]").first
    chart.wait_for()
    assert chart.locator("title").count() >= 1
    shot(page, "reports")
