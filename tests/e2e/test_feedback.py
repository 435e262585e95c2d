"""A teacher reads 我的反馈 and acknowledges (已阅) an observation of their lesson."""
from sqlalchemy import text

from tests.e2e.conftest import record_drop_in_on_t1003, shot, sign_in


def test_teacher_acknowledges_feedback(page, context, db):
    marker, obs = record_drop_in_on_t1003(context, action_steps=["多给后排学生发言机会"])
    obs_id = obs["id"]
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
