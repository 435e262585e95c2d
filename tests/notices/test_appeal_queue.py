"""GET /notices/appeals: the office's queue of appeals, filtered, oldest first, a page at a time,
each person seeing the appeals on the notices they may read, and at a constant number of queries."""
from datetime import date, timedelta

import pytest

from backend.extensions import db
from backend.notices.models import NoticeAppeal, WeeklyNotice
from backend.timeutil import utcnow
from tests.api.test_observations import as_
from tests.factories import create_group, create_school, create_staff, create_term
from tests.sql_count import counting_statements

URL = "/api/v1/notices/appeals"


def published_notice(teacher, term, week) -> WeeklyNotice:
    notice = WeeklyNotice(school_id=teacher.school_id, term_id=term.id, week=week,
                          teacher_id=teacher.id, status="published", content={},
                          published_at=utcnow() - timedelta(days=20))
    db.session.add(notice)
    return notice


def lodge(notice, reason, days_ago, resolver=None, outcome="upheld", resolution="") -> NoticeAppeal:
    """An appeal lodged days_ago (and an hour), resolved two days later when resolver is given."""
    lodged_at = utcnow() - timedelta(days=days_ago, hours=1)
    appeal = NoticeAppeal(notice=notice, reason=reason, created_at=lodged_at)
    if resolver is not None:
        appeal.status, appeal.resolution = outcome, resolution
        appeal.resolved_by_id, appeal.resolved_at = resolver.id, lodged_at + timedelta(days=2)
    db.session.add(appeal)
    return appeal


@pytest.fixture
def school(app):
    """Appeals of three teachers in two groups and two terms, and one of another school.

    Ids do not follow age: the oldest open appeal is lodged last, so order by id would show.
    """
    school = create_school()
    chinese, maths = create_group(school, "语文组"), create_group(school, "数学组")
    w = {
        "teacher": create_staff(school, staff_no="TE", name="丁建国", group=chinese),
        "head": create_staff(school, ("teacher", "group_head"), staff_no="GH", name="曹辉",
                             group=chinese),
        "outsider": create_staff(school, staff_no="OT", name="外组", group=maths),
        "leader": create_staff(school, ("leader", "teacher"), staff_no="LE", name="马霞"),
        "admin": create_staff(school, ("admin",), staff_no="AD", name="教导处"),
        "autumn": create_term(school),
        "spring": create_term(school, first_monday=date(2027, 3, 1), with_national_day=False),
    }
    autumn = w["autumn"]
    lodge(published_notice(w["teacher"], autumn, 10), "第十周申诉", 5)
    lodge(published_notice(w["head"], autumn, 12), "组长申诉", 2)
    lodge(published_notice(w["teacher"], autumn, 9), "已维持的申诉", 12, w["admin"],
          resolution="评分有据，维持")
    lodge(published_notice(w["teacher"], w["spring"], 1), "春季申诉", 1)
    lodge(published_notice(w["outsider"], autumn, 11), "外组申诉", 9)
    other = create_school(name="乙校")
    theirs = create_staff(other, staff_no="XT", name="乙校教师")
    create_staff(other, ("admin",), staff_no="OA")
    lodge(published_notice(theirs, create_term(other), 10), "乙校申诉", 20)
    db.session.commit()
    return w


def reasons(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["reason"] for item in response.json["items"]]


OPEN_QUEUE = ["外组申诉", "第十周申诉", "组长申诉", "春季申诉"]


def test_office_sees_the_open_queue_oldest_first(app, school):
    body = as_(app, "AD").get(URL).json
    assert [a["reason"] for a in body["items"]] == OPEN_QUEUE
    assert [a["days_open"] for a in body["items"]] == [9, 5, 2, 1]
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (4, 1, 20, 1)
    first = body["items"][1]
    assert first["teacher"] == {"id": school["teacher"].id, "name": "丁建国", "staff_no": "TE"}
    assert (first["term_id"], first["week"]) == (school["autumn"].id, 10)
    assert (first["monday"], first["sunday"]) == ("2026-11-02", "2026-11-08")
    assert (first["status"], first["resolution"], first["resolved_by"], first["resolved_at"]) == (
        "open", "", None, None)
    notice = db.session.get(WeeklyNotice, first["notice_id"])
    assert (notice.teacher_id, notice.week) == (school["teacher"].id, 10)


def test_resolved_appeals_show_their_outcome(app, school):
    office = as_(app, "AD")
    [done] = office.get(f"{URL}?status=resolved").json["items"]
    assert (done["reason"], done["status"], done["resolution"]) == (
        "已维持的申诉", "upheld", "评分有据，维持")
    assert done["resolved_by"]["name"] == "教导处" and done["resolved_at"] is not None
    assert done["days_open"] == 2  # from lodging to resolution, not to today
    # All: the waiting ones first, then the answered ones.
    assert reasons(office.get(f"{URL}?status=all")) == [*OPEN_QUEUE, "已维持的申诉"]


def test_an_appeal_lodged_and_resolved_moves_from_the_queue(app, school):
    notice = published_notice(school["teacher"], school["autumn"], 13)
    notice.published_at = utcnow()
    db.session.commit()
    lodged = as_(app, "TE").post(f"/api/v1/notices/{notice.id}/appeals",
                                 json={"reason": "当节已请假"}).json
    office = as_(app, "AD")
    queue = office.get(URL).json["items"]
    assert (queue[-1]["id"], queue[-1]["days_open"]) == (lodged["id"], 0)  # the newest, last
    assert office.post(f"/api/v1/notices/appeals/{lodged['id']}/resolve",
                       json={"outcome": "corrected", "reason": "核实有假条"}).status_code == 200
    assert "当节已请假" not in reasons(office.get(URL))
    [corrected] = [a for a in office.get(f"{URL}?status=resolved").json["items"]
                   if a["id"] == lodged["id"]]
    assert (corrected["status"], corrected["resolution"]) == ("corrected", "核实有假条")


def test_filters(app, school):
    office = as_(app, "AD")
    autumn, spring, teacher = school["autumn"].id, school["spring"].id, school["teacher"].id
    assert reasons(office.get(f"{URL}?term_id={spring}")) == ["春季申诉"]
    assert reasons(office.get(f"{URL}?term_id={autumn}&week=10")) == ["第十周申诉"]
    assert reasons(office.get(f"{URL}?week=12")) == ["组长申诉"]
    assert reasons(office.get(f"{URL}?teacher_id={teacher}")) == ["第十周申诉", "春季申诉"]
    assert reasons(office.get(f"{URL}?teacher_id={teacher}&status=all")) == [
        "第十周申诉", "春季申诉", "已维持的申诉"]
    assert reasons(office.get(f"{URL}?term_id={autumn}&week=9")) == []
    assert reasons(office.get(f"{URL}?term_id={autumn}&week=9&status=resolved")) == ["已维持的申诉"]


def test_pages(app, school):
    office = as_(app, "AD")
    first = office.get(f"{URL}?per_page=3").json
    assert ([a["reason"] for a in first["items"]], first["total"], first["pages"]) == (
        OPEN_QUEUE[:3], 4, 2)
    assert reasons(office.get(f"{URL}?per_page=3&page=2")) == OPEN_QUEUE[3:]
    beyond = office.get(f"{URL}?per_page=3&page=3").json
    assert (beyond["items"], beyond["total"]) == ([], 4)


@pytest.mark.parametrize("who, expected", [
    ("TE", ["第十周申诉", "春季申诉"]),  # a teacher: only their own
    ("GH", ["第十周申诉", "组长申诉", "春季申诉"]),  # a group head: their own and their group's
    ("OT", ["外组申诉"]),
    ("LE", OPEN_QUEUE),  # a leader reads every published notice of the school, so its appeals
    ("OA", ["乙校申诉"]),  # another school's office: their own school only
])
def test_each_sees_the_appeals_of_the_notices_they_may_read(app, school, who, expected):
    client = as_(app, who)
    assert reasons(client.get(URL)) == expected
    # Naming someone else's id shows nothing more.
    assert reasons(client.get(f"{URL}?teacher_id={school['outsider'].id}")) == (
        ["外组申诉"] if who in ("OT", "LE") else [])


@pytest.mark.parametrize("query, field, message", [
    ("status=closed", "status", "只能是：open, resolved, all"),
    ("week=0", "week", "应在 1 到 30 之间"),
    ("week=31", "week", "应在 1 到 30 之间"),
    ("term_id=autumn", "term_id", "需要整数"),
    ("teacher_id=1.5", "teacher_id", "需要整数"),
    ("page=0", "page", "应不小于 1"),
    ("per_page=101", "per_page", "应在 1 到 100 之间"),
])
def test_bad_filters_are_a_clear_422(app, school, query, field, message):
    response = as_(app, "AD").get(f"{URL}?{query}")
    assert response.status_code == 422
    assert response.json["error"] == "validation_error"
    assert response.json["errors"] == {"query": {field: [message]}}


def test_the_queue_costs_the_same_queries_for_many_appeals(app, school):
    office = as_(app, "AD")
    office.get(URL)  # warm up: the first request of a session may do one-off work

    def statements():
        with counting_statements() as sent:
            assert office.get(f"{URL}?status=all&per_page=100").status_code == 200
        return len(sent)

    few = statements()
    for n in range(40):  # new teachers, weeks, terms and resolvers: nothing cached for them
        teacher = create_staff(school["admin"].school, staff_no=f"M{n}", name=f"教师{n}")
        resolver = create_staff(school["admin"].school, ("admin",), staff_no=f"R{n}")
        term = school["spring"] if n % 2 else school["autumn"]
        lodge(published_notice(teacher, term, n % 20 + 1), f"申诉{n}", n % 7,
              resolver if n % 3 == 0 else None)
    db.session.commit()
    many = statements()
    assert office.get(f"{URL}?status=all&per_page=100").json["total"] == 45
    assert many == few <= 6, (few, many)
