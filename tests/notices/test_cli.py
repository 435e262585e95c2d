"""`flask notices build`: the week just ended by default, for every school, never twice."""
from datetime import datetime, timezone

import pytest

from backend.extensions import db
from backend.notices import cli
from backend.notices.models import WeeklyNotice
from backend.notices.services import publish_week
from tests.factories import create_school
from tests.notices.crafted import craft_week, make_school


@pytest.fixture
def monday_after_week_13(monkeypatch):
    # 2026-11-30 00:30 in Beijing is still Sunday 29th in UTC: the school's date must count.
    monkeypatch.setattr(cli, "utcnow", lambda: datetime(2026, 11, 29, 16, 30, tzinfo=timezone.utc))


def notices_of_week(week) -> int:
    return db.session.scalar(db.select(db.func.count(WeeklyNotice.id))
                             .where(WeeklyNotice.week == week))


def test_builds_the_week_just_ended_for_every_school(app, runner, monday_after_week_13):
    w = craft_week(make_school())
    create_school(code="noterm")
    db.session.commit()
    result = runner.invoke(args=["notices", "build"])
    assert result.exit_code == 0, result.output
    assert f"{w['school'].code}: {w['term'].name}第13周 生成通报草稿 1 份" in result.output
    assert "noterm: 不在学期内，跳过" in result.output
    assert notices_of_week(13) == 1
    assert runner.invoke(args=["notices", "build"]).exit_code == 0
    assert notices_of_week(13) == 1


def test_one_school_and_week_and_a_published_week_left_alone(app, runner, monday_after_week_13):
    w = craft_week(make_school())
    result = runner.invoke(args=["notices", "build", "--school", w["school"].code, "--week", "12"])
    assert "第12周 生成通报草稿 1 份" in result.output
    publish_week(w["admin"], w["term"], 12)
    db.session.commit()
    again = runner.invoke(args=["notices", "build", "--school", w["school"].code, "--week", "12"])
    assert "未生成：本周通报已发布" in again.output
    unknown = runner.invoke(args=["notices", "build", "--school", "nope"])
    assert unknown.exit_code != 0 and "no school" in unknown.output
