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


SMALL_TARGETS = """() => [...document.querySelectorAll('button, a, input, select, textarea, summary, label.button')]
  .filter((e) => e.offsetParent !== null && !e.classList.contains('visually-hidden'))
  // A checkbox is tapped through its whole label.
  .map((e) => [e.getAttribute('aria-label') || e.textContent.trim() || e.type,
               (e.type === 'checkbox' && e.closest('label') || e).getBoundingClientRect()])
  .filter(([, r]) => r.height < 44 || (r.width < 44 && r.width > 0))
  .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""

UNLABELLED = """() => [...document.querySelectorAll('input:not([type=file]), select, textarea, button')]
  .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
  .map((e) => e.outerHTML)"""


def test_tap_targets_and_labels_on_the_recording_screens(page):
    sign_in(page, "T1007")
    page.get_by_role("link", name="听课 八年级(1)班 · 语文 · 丁建国").first.click()
    page.get_by_role("button", name="提交").wait_for()
    page.get_by_text("常用语").first.click()
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate(UNLABELLED) == []
    page.go_back()
    page.get_by_role("link", name="七年级(4)班 英语 · 沈玲 未巡").first.click()
    page.get_by_role("button", name="一切正常，提交").wait_for()
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate(UNLABELLED) == []
