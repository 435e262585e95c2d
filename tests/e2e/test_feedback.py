"""A teacher reads 我的反馈 and acknowledges (已阅) an observation of their lesson."""
import uuid

from sqlalchemy import text

from tests.e2e.conftest import AT, PASSWORD, shot, sign_in


def record_drop_in_on_t1003(context) -> tuple[str, int]:
    """Record, as the principal through the API, a drop-in on 丁建国's lesson with a comment."""
    api = context.request
    assert api.post("/api/v1/auth/login", data={"login": "T1007", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    now = api.get(f"/api/v1/lessons/now?at={AT}").json()
    slot = next(s for s in now["current"]["lessons"] if s["teacher"]["staff_no"] == "T1003")
    rubric = next(r for r in api.get("/api/v1/rubrics?kind=drop_in").json() if r["title"] == "推门听课简表")
    marker = f"板书清楚 {uuid.uuid4().hex[:6]}"
    response = api.post("/api/v1/observations", headers={"X-CSRF-Token": csrf}, data={
        "uuid": str(uuid.uuid4()), "kind": "drop_in", "timetable_slot_id": slot["id"],
        "observed_at": AT, "rubric_version_id": rubric["latest"]["id"],
        "answers": {"design": 18, "organisation": 20, "engagement": 25, "craft": 20,
                    "strengths": marker},
        "action_steps": ["多给后排学生发言机会"]})
    assert response.status == 201, response.text()
    api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    return marker, response.json()["id"]


def test_teacher_acknowledges_feedback(page, context, db):
    marker, obs_id = record_drop_in_on_t1003(context)
    sign_in(page, "T1003")
    card = page.locator("article", has_text=marker)
    card.wait_for()
    assert "得分 83 / 100 · 良好" in card.inner_text()
    assert "多给后排学生发言机会" in card.inner_text()
    # A teacher has no patrol tab.
    assert page.get_by_role("navigation").get_by_role("link", name="巡课").count() == 0
    shot(page, "feedback")
    card.get_by_role("button", name="已阅").click()
    card.get_by_text("✓ 已阅").wait_for()
    with db.connect() as conn:
        assert conn.execute(text("SELECT acknowledged_at FROM observations WHERE id = :id"),
                            {"id": obs_id}).scalar() is not None
    page.reload()
    page.locator("article", has_text=marker).get_by_text("✓ 已阅").wait_for()
