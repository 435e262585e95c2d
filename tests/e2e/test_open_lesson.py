"""A group head rates an open lesson they were named for, on the rubric the office chose."""
import re

from sqlalchemy import text

from tests.e2e.conftest import AT, PASSWORD, shot, sign_in


def schedule_open_lesson(context) -> int:
    """As the office, through the API: 丁建国's 语文 in 八年级(1)班, rated by 曹辉 on levels_4."""
    api = context.request
    assert api.post("/api/v1/auth/login", data={"login": "admin", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    klass = next(c for c in api.get("/api/v1/classes").json() if c["name"] == "八年级(1)班")
    subject = next(s for s in api.get("/api/v1/subjects").json() if s["name"] == "语文")
    staff = {s["staff_no"]: s["id"] for s in api.get("/api/v1/staff").json()}
    rubric = next(r for r in api.get("/api/v1/rubrics?kind=open_lesson").json()
                  if r["title"] == "课堂教学四级评价表")
    response = api.post("/api/v1/open-lessons", headers={"X-CSRF-Token": csrf}, data={
        "title": "《背影》研讨课", "teacher_id": staff["T1003"], "class_group_id": klass["id"],
        "subject_id": subject["id"], "starts_at": AT, "rubric_version_id": rubric["latest"]["id"],
        "rater_ids": [staff["T1002"]]})
    assert response.status == 201, response.text()
    api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    return response.json()["id"]


def test_group_head_rates_an_open_lesson(page, context, db):
    lesson_id = schedule_open_lesson(context)
    sign_in(page, "T1002")
    assert page.get_by_role("navigation").get_by_role("link").all_inner_texts() == [
        "听课", "我的记录", "我的反馈", "报表", "通知"]
    page.get_by_role("link", name=re.compile("《背影》研讨课")).click()
    page.get_by_role("heading", name="公开课", exact=True).wait_for()
    groups = page.get_by_role("group").filter(has=page.get_by_role("button", name="熟练（3分）")).all()
    assert len(groups) == 12  # every component of the four-level form, as buttons
    for group in groups:
        group.get_by_role("button", name="熟练（3分）").click()
        assert group.get_by_role("button", name="熟练（3分）").get_attribute("aria-pressed") == "true"
    page.get_by_text("总分 36 / 48").wait_for()
    shot(page, "open-lesson-form")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已保存在手机上").wait_for()
    page.locator("#badge").wait_for(state="hidden")
    with db.connect() as conn:
        total = conn.execute(text("SELECT total FROM observations WHERE open_lesson_id = :id"),
                             {"id": lesson_id}).scalar()
    assert float(total) == 36
