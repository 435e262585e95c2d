"""A published notice's photo past the school's retention period: the daily job deletes it, the
notice says so where the photo was, and the phone drops the copy it kept of it."""
from sqlalchemy import text

from tests.e2e.conftest import publish_with_photo, shot, sign_in
from tests.e2e.live_server import flask
from tests.e2e.test_offline_reads import saved_copies, wait_for_worker

# Three weeks before AT, a Tuesday at 10:20 in Beijing: a week no other test publishes.
THREE_WEEKS_BEFORE = "2026-11-03T02:20:00Z"


def test_an_expired_photo_is_deleted_and_the_notice_says_so(page, context, db, e2e_database,
                                                            photo_dir):
    marker, obs, photo, notice_id = publish_with_photo(context, THREE_WEEKS_BEFORE)

    sign_in(page, "T1003")
    wait_for_worker(page)
    page.goto(f"/#/notices/{notice_id}")
    page.get_by_text(marker).wait_for()
    page.get_by_role("img", name="照片 1").wait_for()
    photo_id = photo["id"]
    thumb_path = f'"path":"/photos/{photo_id}/thumb"'  # the phone's copy of the thumbnail
    assert thumb_path in saved_copies(page)

    # A year on: the record's lesson is older than the school's 365 days, and the job runs.
    with db.begin() as conn:
        conn.execute(text("UPDATE observations SET local_date = :day WHERE id = :id"),
                     {"day": "2025-11-03", "id": obs["id"]})
    printed = flask(e2e_database, photo_dir, "photos", "expire")
    assert "删除超过 365 天的照片 1 张" in printed

    page.reload()
    page.get_by_text(marker).wait_for()  # the notice's text stays as published
    page.get_by_text("照片已不在（已删除或过了保留期限）").wait_for()
    assert page.get_by_role("img", name="照片 1").count() == 0
    for _ in range(50):  # the copy goes when the 404 arrives, after the screen is drawn
        if thumb_path not in saved_copies(page):
            break
        page.wait_for_timeout(100)
    assert thumb_path not in saved_copies(page)
    shot(page, "notice-photo-expired")
    with db.connect() as conn:
        trail = conn.execute(text("SELECT actor_id, action FROM audit_entries WHERE observation_id = :id"
                                  " AND action = 'photos_expired'"), {"id": obs["id"]}).all()
    assert [(row.actor_id, row.action) for row in trail] == [(None, "photos_expired")]
