"""A crafted school week: a patrol with praise and a problem, a drop-in, an open lesson scored by
five raters, an incident, and an earlier week to compare with."""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from backend.extensions import db
from backend.observations.models import OpenLesson, OpenLessonRater, Photo
from backend.observations.services import create_observation
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term, full_marks, publish_rubric)

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK = 13  # 2026-11-23 .. 2026-11-29 in the sample term


def at(day: str, clock: str = "08:10") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}:00").replace(tzinfo=SHANGHAI)


def record(observer, **data):
    """Record an observation through the real write path."""
    obs, _ = create_observation(observer, {"uuid": uuid.uuid4(), "status": "submitted", **data})
    return obs


def lesson_answers(version, minus: int = 0) -> dict:
    answers = full_marks(version)
    answers["outcomes_achievement"] -= minus  # a 10-point item
    return answers


def make_school(names_teachers: bool = False):
    """The school, its people and rubrics, with nothing recorded yet."""
    school = create_school()
    school.settings = {"bulletin_names_teachers": names_teachers}
    group = create_group(school)
    w = {
        "school": school, "group": group,
        "teacher": create_staff(school, ("teacher",), staff_no="TE", name="丁建国", group=group),
        "head": create_staff(school, ("teacher", "group_head"), staff_no="GH", name="曹辉",
                             group=group),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE", name="马霞"),
        "admin": create_staff(school, ("admin",), staff_no="AD", name="教导处"),
        "outsider": create_staff(school, ("teacher",), staff_no="OT", name="外组",
                                 group=create_group(school, "数学组")),
        "raters": [create_staff(school, ("teacher",), staff_no=f"R{i}", group=group)
                   for i in range(5)],
    }
    w["term"] = create_term(school)
    create_periods(school)
    w["slot"] = create_slot(school, w["teacher"])
    w["lesson"] = publish_rubric(school, "lesson_100")
    w["patrol"] = publish_rubric(school, "patrol_checklist")
    return w


def craft_week(w) -> dict:
    """Record week 13 (and one drop-in of week 12) for teacher TE."""
    teacher, leader = w["teacher"], w["leader"]
    w["earlier"] = record(leader, kind="drop_in", teacher_id=teacher.id,
                          observed_at=at("2026-11-17"), rubric_version_id=w["lesson"].id,
                          answers=lesson_answers(w["lesson"], minus=10))  # 90, week 12
    w["patrol_obs"] = record(leader, kind="patrol", teacher_id=teacher.id,
                             class_group_id=w["slot"].class_group_id, observed_at=at("2026-11-23"),
                             rubric_version_id=w["patrol"].id,
                             answers={"early_arrival": True, "phone_in_class": True},
                             remarks="接电话约一分钟")
    photo = Photo(uuid=uuid.uuid4(), observation_id=w["patrol_obs"].id, sha256="0" * 64,
                  width=10, height=10, size=10)
    db.session.add(photo)
    w["drop_in"] = record(leader, kind="drop_in", teacher_id=teacher.id,
                          class_group_id=w["slot"].class_group_id, observed_at=at("2026-11-24"),
                          rubric_version_id=w["lesson"].id, answers=lesson_answers(w["lesson"], 2),
                          strengths="导入自然", suggestions="多给学生提问的机会",
                          action_steps=["每节课至少三次开放性提问"])
    lesson = OpenLesson(school_id=w["school"].id, title="《背影》研讨课", teacher_id=teacher.id,
                        class_group_id=w["slot"].class_group_id, subject_id=w["slot"].subject_id,
                        starts_at=at("2026-11-25", "10:10"), rubric_version_id=w["lesson"].id,
                        created_by_id=w["head"].id,
                        raters=[OpenLessonRater(staff_id=r.id) for r in w["raters"]])
    db.session.add(lesson)
    db.session.flush()
    for rater, minus in zip(w["raters"], [0, 2, 4, 6, 10]):  # 100 98 96 94 90 → trimmed 96
        record(rater, kind="open_lesson", open_lesson_id=lesson.id,
               observed_at=at("2026-11-25", "10:50"), answers=lesson_answers(w["lesson"], minus),
               strengths="朗读指导到位" if minus == 0 else "")
    w["incident"] = record(w["head"], kind="incident", teacher_id=teacher.id,
                           observed_at=at("2026-11-26", "14:00"), incident_rule="空堂",
                           incident_deduction=2)
    w["open_lesson"], w["photo"] = lesson, photo
    db.session.commit()
    return w
