"""学校设置: the office changes the school's rules on a screen; a value out of range is named
in words beside nothing saved, and what is saved is what the server keeps."""
import json

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import shot, sign_in


def stored_settings(db) -> dict:
    with db.connect() as conn:
        value = conn.execute(text("SELECT settings FROM schools WHERE code = 'demo'")).scalar()
    return (json.loads(value) if isinstance(value, str) else value) or {}


def test_office_changes_the_school_settings(page, context, db):
    before = stored_settings(db)
    sign_in(page, "admin")
    page.goto("/#/office")
    page.get_by_role("link", name="学校设置").click()
    retention = page.get_by_label("照片保留天数")
    expect(retention).to_have_value("365")
    expect(page.get_by_label("通报发布后可申诉的天数")).to_have_value("7")

    retention.fill("100")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("alert").filter(has_text="照片保留天数：应在 180 到 3650 之间").wait_for()
    shot(page, "office-settings-refused")
    assert stored_settings(db) == before

    retention.fill("200")
    page.get_by_label("通报发布后可申诉的天数").fill("10")
    page.get_by_label("群机器人类型").select_option("dingtalk")
    page.get_by_label("群机器人 Webhook 地址").fill("https://oapi.dingtalk.com/robot/send?access_token=x")
    try:
        page.get_by_role("button", name="保存").click()
        page.get_by_role("status").filter(has_text="✓ 已保存").wait_for()
        kept = stored_settings(db)
        assert (kept["photo_retention_days"], kept["appeal_days"], kept["webhook_kind"]) == (200, 10, "dingtalk")
        assert kept["webhook_url"].startswith("https://oapi.dingtalk.com/")
        page.reload()
        expect(page.get_by_label("照片保留天数")).to_have_value("200")
        expect(page.get_by_label("群机器人类型")).to_have_value("dingtalk")
        shot(page, "office-settings")
    finally:  # the other tests read the demo school's defaults (the page's session is the office's)
        api = context.request
        csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
        assert api.patch("/api/v1/school/settings", headers={"X-CSRF-Token": csrf}, data={
            "photo_retention_days": 365, "appeal_days": 7, "webhook_kind": "wecom",
            "webhook_url": None}).ok
