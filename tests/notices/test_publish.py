"""Publishing freezes a week; later corrections arrive as amendments, never silent changes."""
import pytest
from sqlalchemy.exc import IntegrityError

from backend.errors import ApiError
from backend.extensions import db
from backend.notices.models import (NoticeAmendment, NoticeAppeal, NoticeAuditEntry,
                                    Notification, WeeklyNotice, WeekPublication)
from backend.notices.services import build_week, current_content, publish_week
from backend.observations.services import update_observation
from tests.notices.crafted import WEEK, at, craft_week, make_school, record


@pytest.fixture
def week(app):
    w = craft_week(make_school())
    publish_week(w["admin"], w["term"], WEEK)
    db.session.commit()
    return w


def the_notice(w, teacher="teacher") -> WeeklyNotice:
    return db.session.scalar(db.select(WeeklyNotice).where(
        WeeklyNotice.teacher_id == w[teacher].id, WeeklyNotice.week == WEEK))


def test_publish_freezes_notifies_and_records_the_week(week):
    notice = the_notice(week)
    assert notice.status == "published" and notice.published_at is not None
    assert db.session.scalar(db.select(WeekPublication.week)) == WEEK
    [note] = db.session.scalars(db.select(Notification)).all()
    assert (note.staff_id, note.notice_id) == (week["teacher"].id, notice.id)
    assert db.session.scalar(db.select(NoticeAuditEntry.action)) == "publish"


def test_published_week_cannot_be_rebuilt_or_published_again(week):
    for action in (lambda: build_week(week["school"].id, week["term"], WEEK),
                   lambda: publish_week(week["admin"], week["term"], WEEK)):
        with pytest.raises(ApiError) as refused:
            action()
        assert refused.value.code == 409


def test_office_correction_adds_an_amendment_and_keeps_the_original(week):
    notice = the_notice(week)
    published = dict(notice.content)
    update_observation(week["admin"], week["incident"], {"incident_deduction": 1},
                       correction=True, reason="申诉核实：已请假，按迟到处理")
    db.session.commit()
    db.session.expire_all()
    notice = the_notice(week)
    assert notice.content == published  # the published snapshot never changes
    [amendment] = notice.amendments
    assert amendment.reason == "申诉核实：已请假，按迟到处理"
    assert amendment.content["incidents"][0]["deduction"] == "1.00"
    assert current_content(notice) == amendment.content
    assert notice.content["incidents"][0]["deduction"] == "2.00"
    actions = db.session.scalars(db.select(NoticeAuditEntry.action).order_by(NoticeAuditEntry.id))
    assert list(actions) == ["publish", "amend"]


def test_a_change_that_alters_nothing_adds_no_amendment(week):
    update_observation(week["admin"], week["drop_in"], {"remarks": "仅内部备注"},
                       correction=True, reason="补充备注")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(NoticeAmendment.id))) == 0


def test_moving_a_record_to_another_teacher_amends_both(week):
    update_observation(week["admin"], week["incident"], {"teacher_id": week["outsider"].id},
                       correction=True, reason="记错了教师")
    db.session.commit()
    db.session.expire_all()
    assert the_notice(week).amendments[-1].content["incidents"] == []
    moved = the_notice(week, "outsider")  # never observed that week before: published at once
    assert moved.status == "published"
    assert moved.content["incidents"][0]["rule"] == "空堂"
    titles = set(db.session.scalars(db.select(Notification.title)))
    assert any("补发" in t for t in titles) and any("更正" in t for t in titles)


def test_record_synced_after_publication_amends_the_notice(week):
    record(week["head"], kind="patrol", teacher_id=week["teacher"].id,
           observed_at=at("2026-11-27"), rubric_version_id=week["patrol"].id,
           answers={"good_order": True})
    db.session.commit()
    notice = the_notice(week)
    assert len(notice.content["patrols"]) == 1
    assert len(notice.amendments[-1].content["patrols"]) == 2
    assert notice.amendments[-1].reason.startswith("补录")


def test_records_of_unpublished_weeks_touch_no_notice(week):
    record(week["leader"], kind="patrol", teacher_id=week["teacher"].id,
           observed_at=at("2026-11-30"), rubric_version_id=week["patrol"].id,
           answers={"good_order": True})
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(NoticeAmendment.id))) == 0
    assert db.session.scalar(db.select(db.func.count(WeeklyNotice.id))) == 1


def test_the_database_keeps_one_open_appeal_per_notice(week):
    """Two appeals sent at the same instant both pass the service's check; only one may land."""
    notice = the_notice(week)
    db.session.add(NoticeAppeal(notice=notice, reason="第一次", status="upheld"))
    db.session.add(NoticeAppeal(notice=notice, reason="第二次"))
    db.session.flush()  # a resolved appeal and an open one live side by side
    db.session.add(NoticeAppeal(notice=notice, reason="同时又发一次"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
