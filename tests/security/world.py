"""One school with a record of every kind, a group head of another group, and another school.

Every name in the world school carries MARKER, so a test can tell at a glance whether an answer
to another school's user leaks any of it.
"""
import uuid

import pytest

from backend.extensions import db
from backend.observations import photos
from backend.notices.models import NoticeAppeal, Notification, WeeklyNotice, WeekPublication
from backend.observations.models import Observation, OpenLesson, OpenLessonRater, Photo
from backend.timeutil import utcnow
from tests.api.test_photos import jpeg
from tests.factories import (create_group, create_periods, create_school, create_slot, create_staff,
                             create_term, full_marks, publish_rubric)

MARKER = "甲校ZZ"
# Who signs in as each role of the matrix (None: nobody signs in).
LOGINS = {"anonymous": None, "teacher": "TE", "group_head": "GH", "other_group_head": "XH",
          "leader": "LE", "admin": "AD", "other_school_admin": "OA"}
ROLES = list(LOGINS)


@pytest.fixture
def world(app):
    """Return the ids the matrix fills into paths and bodies."""
    school = create_school(name=f"{MARKER}中学")
    group = create_group(school, f"{MARKER}语文组")
    other_group = create_group(school, f"{MARKER}数学组")
    people = {
        "teacher": create_staff(school, ("teacher",), staff_no="TE", group=group,
                                name=f"{MARKER}教师", phone="13900000001"),
        "group_head": create_staff(school, ("teacher", "group_head"), staff_no="GH", group=group,
                                   name=f"{MARKER}组长"),
        "other_group_head": create_staff(school, ("teacher", "group_head"), staff_no="XH",
                                         group=other_group, name=f"{MARKER}数学组长"),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE", name=f"{MARKER}校长"),
        "admin": create_staff(school, ("admin",), staff_no="AD", name=f"{MARKER}教导处"),
        "other_school_admin": create_staff(create_school(name="乙校"), ("admin",), staff_no="OA",
                                           name="乙校教导处"),
    }
    peer = create_staff(school, ("teacher",), staff_no="PE", group=group, name=f"{MARKER}同事")
    term = create_term(school)
    create_periods(school)
    slot = create_slot(school, people["teacher"])
    version = publish_rubric(school, "lesson_100")
    obs = Observation(uuid=uuid.uuid4(), school_id=school.id, kind="drop_in",
                      observer_id=people["leader"].id, teacher_id=people["teacher"].id,
                      observed_at=utcnow(), local_date=term.first_monday,
                      rubric_version_id=version.id, answers=full_marks(version),
                      remarks=f"{MARKER}备注")
    lesson = OpenLesson(school_id=school.id, teacher_id=people["teacher"].id,
                        class_group_id=slot.class_group_id, subject_id=slot.subject_id,
                        starts_at=obs.observed_at, rubric_version_id=version.id,
                        created_by_id=people["admin"].id, raters=[OpenLessonRater(staff_id=peer.id)])
    db.session.add_all([obs, lesson])
    db.session.flush()
    processed = photos.process(jpeg(), 10**7)
    photos.store(app.config["PHOTO_DIR"], processed)
    photo = Photo(uuid=uuid.uuid4(), observation_id=obs.id, sha256=processed.sha256,
                  width=1, height=1, size=1)
    db.session.add(photo)
    # Week 1 is published: a notice for the teacher, one with an open appeal for the group head.
    db.session.add(WeekPublication(school_id=school.id, term_id=term.id, week=1))
    notices = [WeeklyNotice(school_id=school.id, term_id=term.id, week=1,
                            teacher_id=people[who].id, status="published", content={},
                            published_at=utcnow())
               for who in ("teacher", "group_head")]
    appeal = NoticeAppeal(notice=notices[1], reason="申诉")
    db.session.add_all([*notices, appeal])
    db.session.flush()
    note = Notification(school_id=school.id, staff_id=people["teacher"].id, kind="notice",
                        title="第1周通报已发布", notice_id=notices[0].id)
    db.session.add(note)
    db.session.commit()
    return {"notice": notices[0].id, "appeal": appeal.id, "notification": note.id,
            "staff": people["teacher"].id, "group": group.id, "term": term.id, "slot": slot.id,
            "class": slot.class_group_id, "subject": slot.subject_id, "rubric": version.rubric_id,
            "version": version.id, "obs": obs.id, "photo": photo.id, "lesson": lesson.id,
            "peer": peer.id, "answers": full_marks(version), "school": school.id,
            "people": {role: p.id for role, p in people.items()}}
