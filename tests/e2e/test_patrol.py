"""A leader patrols a lesson in at most three taps; the record reaches the server once."""
import re

from sqlalchemy import text

from tests.e2e.conftest import shot, sign_in


def count(db, sql, **params):
    with db.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_leader_patrols_a_lesson_in_three_taps(page, db):
    sign_in(page, "T1007")
    lesson = page.get_by_role("link", name="七年级(1)班 生物 · 侯静 未巡").first
    lesson.wait_for()
    shot(page, "patrol-home")
    before = count(db, "SELECT count(*) FROM observations WHERE kind = 'patrol'")

    lesson.click()                                                   # tap 1
    submit = page.get_by_role("button", name="一切正常，提交")
    submit.wait_for()
    shot(page, "patrol-form")
    submit.click()                                                   # tap 2
    page.get_by_role("status").filter(has_text=re.compile("^✓ 已保存$")).wait_for()
    next_room = page.get_by_role("button", name="下一间")
    next_room.wait_for()
    shot(page, "patrol-done")

    assert count(db, "SELECT count(*) FROM observations WHERE kind = 'patrol'") == before + 1
    next_room.click()                                                # the next classroom: one tap
    page.get_by_role("button", name="一切正常，提交").wait_for()
    page.go_back()
    page.go_back()
    page.get_by_text("✓ 今日已巡").first.wait_for()
