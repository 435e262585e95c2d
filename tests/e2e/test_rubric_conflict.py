"""The rubric editor when the server's draft changed after this computer's copy was made: the
office is asked which to keep, on opening and on saving, and never loses either version."""
import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import AT, PASSWORD, shot, sign_in


def draft_title(db, rubric_id: int) -> str:
    with db.connect() as conn:
        draft = conn.execute(text("SELECT draft FROM rubrics WHERE id = :id"), {"id": rubric_id}).scalar()
    return (json.loads(draft) if isinstance(draft, str) else draft)["title"]


@pytest.fixture
def elsewhere(browser, server):
    """The office account signed in on another computer: saves drafts through the API."""
    context = browser.new_context(base_url=server)
    api = context.request
    assert api.post("/api/v1/auth/login", data={"login": "admin", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]

    def save_title(rubric_id: int, title: str) -> None:
        rubric = api.get(f"/api/v1/rubrics/{rubric_id}").json()
        definition = dict(rubric["draft"] or rubric["latest"]["definition"], title=title)
        response = api.put(f"/api/v1/rubrics/{rubric_id}/draft", headers={"X-CSRF-Token": csrf},
                           data={"definition": definition})
        assert response.ok, response.text()

    yield save_title
    context.close()


def new_rubric(page) -> int:
    """As the office, start a rubric from a template in the editor; its id."""
    sign_in(page, "admin")
    page.goto(f"/?at={AT}#/office/rubrics")
    page.get_by_label("模板").select_option("drop_in_quick")
    page.get_by_role("button", name="新建").click()
    page.get_by_label("评价表名称").wait_for()
    return int(page.url.rsplit("/", 1)[1])


def type_title(page, title: str) -> None:
    page.get_by_label("评价表名称").fill(title)
    page.wait_for_timeout(500)  # kept on this computer 300 ms after the last change


def test_office_chooses_between_its_copy_and_a_draft_saved_elsewhere(page, db, elsewhere):
    rubric_id = new_rubric(page)
    keep, use_server = (page.get_by_role("button", name=n) for n in ("继续我的修改", "使用服务器版本"))

    # Unchanged on the server: this computer's copy comes back as before.
    type_title(page, "本机第一稿")
    page.reload()
    page.get_by_text("已恢复本机上次未保存到服务器的修改").wait_for()
    expect(page.get_by_label("评价表名称")).to_have_value("本机第一稿")
    assert keep.count() == 0

    # Saved elsewhere meanwhile: asked, and the server's version is taken when chosen.
    elsewhere(rubric_id, "另一台电脑的稿")
    page.reload()
    page.get_by_text("服务器上的草稿已被他人更新（").wait_for()
    assert page.get_by_label("评价表名称").count() == 0  # nothing is picked before the choice
    shot(page, "office-rubric-conflict")
    use_server.click()
    expect(page.get_by_label("评价表名称")).to_have_value("另一台电脑的稿")
    assert page.get_by_text("已恢复本机上次未保存到服务器的修改").count() == 0
    page.reload()  # the copy was dropped: no question again
    expect(page.get_by_label("评价表名称")).to_have_value("另一台电脑的稿")
    assert keep.count() == 0

    # Again, and this time the office keeps its own work and saves it over the server's.
    type_title(page, "本机第二稿")
    elsewhere(rubric_id, "另一台电脑的第二稿")
    page.reload()
    keep.click()
    page.get_by_text("已恢复本机上次未保存到服务器的修改").wait_for()
    expect(page.get_by_label("评价表名称")).to_have_value("本机第二稿")
    assert draft_title(db, rubric_id) == "另一台电脑的第二稿"
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("✓ 已保存").wait_for()
    assert draft_title(db, rubric_id) == "本机第二稿"


def test_saving_over_a_draft_saved_elsewhere_asks_instead(page, db, elsewhere):
    rubric_id = new_rubric(page)

    elsewhere(rubric_id, "另一台电脑的稿")  # while this editor is open
    page.get_by_label("评价表名称").fill("本机的稿")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("服务器上的草稿已被他人更新（").wait_for()
    page.get_by_text("你的修改没有保存到服务器，仍保留在本机。").wait_for()
    assert draft_title(db, rubric_id) == "另一台电脑的稿"
    shot(page, "office-rubric-stale-save")

    page.reload()  # closing the tab now loses neither: the question comes back
    page.get_by_role("button", name="继续我的修改").click()
    expect(page.get_by_label("评价表名称")).to_have_value("本机的稿")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("✓ 已发布第 1 版").wait_for()

    elsewhere(rubric_id, "另一台电脑的第二稿")  # a new draft of version 1
    page.get_by_label("评价表名称").fill("本机的第三稿")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="使用服务器版本").click()
    expect(page.get_by_label("评价表名称")).to_have_value("另一台电脑的第二稿")
    assert draft_title(db, rubric_id) == "另一台电脑的第二稿"


def test_what_is_typed_while_a_save_is_on_its_way_stays_on_this_computer(page, db):
    rubric_id = new_rubric(page)
    type_title(page, "保存时的稿")

    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {  # a slow school Wi-Fi: 2 s each way
        "offline": False, "latency": 2000, "downloadThroughput": -1, "uploadThroughput": -1})
    page.get_by_role("button", name="保存草稿").click()
    type_title(page, "保存途中又改的稿")
    page.get_by_text("✓ 已保存").wait_for(timeout=15000)
    network.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    assert draft_title(db, rubric_id) == "保存时的稿"

    page.reload()
    page.get_by_text("已恢复本机上次未保存到服务器的修改").wait_for()
    expect(page.get_by_label("评价表名称")).to_have_value("保存途中又改的稿")
    assert page.get_by_role("button", name="继续我的修改").count() == 0  # based on what it saved
