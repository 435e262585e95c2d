"""学校设置: the office changes the school's rules, the appraisal formula and the observation
quotas on one screen; a value the server refuses is named in words and nothing is saved."""
import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import shot, sign_in


def stored_settings(db) -> dict:
    with db.connect() as conn:
        value = conn.execute(text("SELECT settings FROM schools WHERE code = 'demo'")).scalar()
    return (json.loads(value) if isinstance(value, str) else value) or {}


SETTINGS = (("/api/v1/school/settings", "PATCH"), ("/api/v1/appraisal/formula", "PUT"),
            ("/api/v1/quotas/rules", "PUT"))


@pytest.fixture
def office(page, context):
    """The office on 学校设置; the demo school's settings put back afterwards, as the other
    tests read them."""
    sign_in(page, "admin")
    api = context.request  # signed in with the page
    before = [api.get(path).json() for path, _ in SETTINGS]
    page.goto("/#/office")
    page.get_by_role("link", name="学校设置").click()
    page.get_by_role("form", name="通报与照片").wait_for()
    yield page
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    for (path, method), body in zip(SETTINGS, before):
        assert api.fetch(path, method=method, headers={"X-CSRF-Token": csrf}, data=body).ok


def test_office_changes_the_school_settings(office, db):
    page, before = office, stored_settings(db)
    form = page.get_by_role("form", name="通报与照片")
    retention = form.get_by_label("照片保留天数")
    expect(retention).to_have_value("365")
    expect(form.get_by_label("通报发布后可申诉的天数")).to_have_value("7")

    retention.fill("100")
    form.get_by_role("button", name="保存").click()
    form.get_by_role("alert").filter(has_text="照片保留天数：应在 180 到 3650 之间").wait_for()
    shot(page, "office-settings-refused")
    assert stored_settings(db) == before

    retention.fill("200")
    form.get_by_label("通报发布后可申诉的天数").fill("10")
    form.get_by_label("群机器人类型").select_option("dingtalk")
    form.get_by_label("群机器人 Webhook 地址").fill("https://oapi.dingtalk.com/robot/send?access_token=x")
    form.get_by_role("button", name="保存").click()
    form.get_by_role("status").filter(has_text="✓ 已保存").wait_for()
    kept = stored_settings(db)
    assert (kept["photo_retention_days"], kept["appeal_days"], kept["webhook_kind"]) == (200, 10, "dingtalk")
    assert kept["webhook_url"].startswith("https://oapi.dingtalk.com/")
    page.reload()
    expect(page.get_by_label("照片保留天数")).to_have_value("200")
    expect(page.get_by_label("群机器人类型")).to_have_value("dingtalk")


def test_office_sets_the_appraisal_formula_and_the_quotas(office, db):
    page = office
    formula = page.get_by_role("form", name="考核公式（学期课堂教学考核）")
    expect(formula.get_by_label("每次巡课表扬加分")).to_have_value("0.5")
    formula.get_by_label("考核分最高").fill("-5")
    formula.get_by_role("button", name="保存").click()
    formula.get_by_role("alert").filter(has_text="考核分最高：最高分应大于最低分").wait_for()
    assert "appraisal_formula" not in stored_settings(db)
    formula.get_by_label("考核分最高").fill("30")
    formula.get_by_label("每次巡课表扬加分").fill("1")
    formula.get_by_label("有教学事故的不能评优").uncheck()
    formula.get_by_role("button", name="保存").click()
    formula.get_by_role("status").filter(has_text="✓ 已保存").wait_for()
    kept = stored_settings(db)["appraisal_formula"]
    assert (kept["clip_max"], kept["praise_points"], kept["incident_bars_excellence"]) == (30, 1, False)

    quotas = page.get_by_role("form", name="听课任务（每学期应听节数）")
    quotas.get_by_label("教研组长").fill("20")
    quotas.get_by_role("button", name="添加职务").click()
    quotas.get_by_label("职务").last.fill("教务主任")
    quotas.get_by_label("节数").last.fill("25")
    quotas.get_by_role("button", name="保存").click()
    quotas.get_by_role("status").filter(has_text="✓ 已保存").wait_for()
    rules = stored_settings(db)["observation_quotas"]
    assert rules["by_role"]["group_head"] == 20 and rules["by_title"]["教务主任"] == 25
    assert rules["by_title"]["校长"] == 30  # the rows already there are kept
    shot(page, "office-settings")
