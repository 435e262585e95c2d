"""Notices over the API: build, publish, who reads what, responses, appeals, notifications, robots."""
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from backend.extensions import db
from backend.notices import services
from backend.notices.models import WeeklyNotice, WeekPublication
from backend.notices.webhook import post_summary
from backend.timeutil import utcnow
from tests.api.test_observations import as_
from tests.notices.crafted import WEEK, craft_week, make_school


@pytest.fixture
def week(app):
    w = craft_week(make_school())
    db.session.commit()
    return w


def publish(app, w, week=WEEK):
    return as_(app, "AD").post("/api/v1/notices/publish",
                               json={"term_id": w["term"].id, "week": week})


@pytest.fixture
def published(app, week):
    assert publish(app, week).status_code == 201
    return week


def notice_id(w) -> int:
    return db.session.scalar(db.select(WeeklyNotice.id).where(
        WeeklyNotice.teacher_id == w["teacher"].id))


def test_office_builds_drafts_and_only_the_office_sees_them(app, week):
    office = as_(app, "AD")
    body = {"term_id": week["term"].id, "week": WEEK}
    built = office.post("/api/v1/notices/build", json=body)
    assert built.status_code == 200
    assert [(n["teacher"]["staff_no"], n["status"]) for n in built.json] == [("TE", "draft")]
    assert office.post("/api/v1/notices/build", json=body).json[0]["id"] == built.json[0]["id"]
    assert len(office.get("/api/v1/notices?status=draft").json) == 1
    for who in ("TE", "LE", "GH"):
        assert as_(app, who).get("/api/v1/notices").json == []
        assert as_(app, who).get(f"/api/v1/notices/{built.json[0]['id']}").status_code == 404


def test_two_builds_at_once_both_answer_and_leave_one_draft_each(app, week):
    """Two office staff (or one double tap) rebuilding the same week at the same moment."""
    clients = [as_(app, "AD"), as_(app, "AD")]
    body = {"term_id": week["term"].id, "week": WEEK}
    db.session.rollback()  # the test's own reads hold no lock while the two requests run
    start, answers = threading.Barrier(2), [None, None]

    def build(i):
        start.wait()
        answers[i] = clients[i].post("/api/v1/notices/build", json=body)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200, 200], [a.json for a in answers]
    assert db.session.scalar(db.select(db.func.count(WeeklyNotice.id))) == 1


def test_week_outside_the_term_is_a_clear_error(app, week):
    response = as_(app, "AD").post("/api/v1/notices/build",
                                   json={"term_id": week["term"].id, "week": 25})
    assert response.status_code == 422
    assert response.json["errors"] == {"week": ["应在 1 到 20 之间"]}


def test_who_reads_published_notices(app, published):
    nid = notice_id(published)
    mine = as_(app, "TE").get("/api/v1/notices").json
    assert [n["id"] for n in mine] == [nid]
    assert mine[0]["summary"]["incidents"] == 1
    assert as_(app, "GH").get(f"/api/v1/notices/{nid}").status_code == 200  # their group
    assert as_(app, "LE").get(f"/api/v1/notices/{nid}").status_code == 200
    assert as_(app, "OT").get(f"/api/v1/notices/{nid}").status_code == 404  # another group
    assert as_(app, "R1").get("/api/v1/notices").json == []
    assert publish(app, published).status_code == 409


def test_publish_notifies_the_teacher(app, published):
    teacher = as_(app, "TE")
    inbox = teacher.get("/api/v1/notifications").json
    assert inbox["unread"] == 1
    [note] = inbox["items"]
    assert note["notice_id"] == notice_id(published) and "第13周" in note["title"]
    assert teacher.post(f"/api/v1/notifications/{note['id']}/read").status_code == 200
    assert teacher.post(f"/api/v1/notifications/{note['id']}/read").status_code == 200
    assert teacher.get("/api/v1/notifications").json["unread"] == 0
    assert as_(app, "LE").post(f"/api/v1/notifications/{note['id']}/read").status_code == 404


def test_acknowledge_and_reflect(app, published):
    nid, teacher = notice_id(published), as_(app, "TE")
    first = teacher.post(f"/api/v1/notices/{nid}/acknowledge").json["acknowledged_at"]
    assert first is not None
    assert teacher.post(f"/api/v1/notices/{nid}/acknowledge").json["acknowledged_at"] == first
    for text in ("下周多设计开放性问题。", "下周每节课设计三个开放性问题。"):
        response = teacher.put(f"/api/v1/notices/{nid}/reflection", json={"text": text})
        assert response.json["reflection"] == text
    head = as_(app, "GH")  # may read the notice, but answers are the teacher's own
    assert head.post(f"/api/v1/notices/{nid}/acknowledge").status_code == 403
    trail = as_(app, "AD").get(f"/api/v1/notices/{nid}/audit").json
    assert [(e["action"], e["actor"]["staff_no"]) for e in trail] == [
        ("publish", "AD"), ("acknowledge", "TE"), ("reflect", "TE"), ("reflect", "TE")]
    assert trail[2]["text"] == "下周多设计开放性问题。"


def test_appeal_corrected_through_an_amendment(app, published):
    nid, teacher, office = notice_id(published), as_(app, "TE"), as_(app, "AD")
    lodged = teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "当节已请假，有假条"})
    assert lodged.status_code == 201 and lodged.json["status"] == "open"
    again = teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "再申诉"})
    assert (again.status_code, again.json["error"]) == (409, "appeal_open")
    incident = published["incident"].id
    fixed = office.patch(f"/api/v1/observations/{incident}",
                         json={"incident_deduction": "0", "reason": "核实有假条"})
    assert fixed.status_code == 200
    resolved = office.post(f"/api/v1/notices/appeals/{lodged.json['id']}/resolve",
                           json={"outcome": "corrected", "reason": "核实有假条，扣分取消"})
    assert (resolved.status_code, resolved.json["status"]) == (200, "corrected")
    again = office.post(f"/api/v1/notices/appeals/{lodged.json['id']}/resolve",
                        json={"outcome": "upheld", "reason": "x"})
    assert again.status_code == 409
    notice = teacher.get(f"/api/v1/notices/{nid}").json
    assert notice["content"]["incidents"][0]["deduction"] == "2.00"
    assert notice["amendments"][0]["content"]["incidents"][0]["deduction"] == "0.00"
    assert notice["appeals"][0]["resolution"] == "核实有假条，扣分取消"
    trail = [e["action"] for e in office.get(f"/api/v1/notices/{nid}/audit").json]
    assert trail == ["publish", "appeal", "amend", "corrected"]


def test_appeal_upheld_then_a_new_one_may_follow(app, published):
    nid, teacher = notice_id(published), as_(app, "TE")
    lodged = teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "评分偏低"}).json
    assert as_(app, "LE").post(f"/api/v1/notices/appeals/{lodged['id']}/resolve",
                        json={"outcome": "upheld", "reason": "x"}).status_code == 403
    upheld = as_(app, "AD").post(f"/api/v1/notices/appeals/{lodged['id']}/resolve",
                                 json={"outcome": "upheld", "reason": "评分有据，维持"})
    assert upheld.json["status"] == "upheld"
    assert teacher.get(f"/api/v1/notices/{nid}").json["amendments"] == []
    assert teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "补充材料"}).status_code == 201


def test_appeal_after_the_window_is_refused(app, published):
    nid = notice_id(published)
    notice = db.session.get(WeeklyNotice, nid)
    notice.published_at = utcnow() - timedelta(days=7, minutes=1)  # default appeal_days: 7
    db.session.commit()
    teacher = as_(app, "TE")
    late = teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "晚了"})
    assert (late.status_code, late.json["error"]) == (409, "appeal_window_closed")
    assert "7 天" in late.json["message"]
    as_(app, "AD").patch("/api/v1/school/settings", json={"appeal_days": 14})
    assert teacher.post(f"/api/v1/notices/{nid}/appeals", json={"reason": "晚了"}).status_code == 201


def test_the_observer_may_no_longer_edit_a_published_week(app, published):
    response = as_(app, "LE").patch(f"/api/v1/observations/{published['drop_in'].id}",
                                    json={"strengths": "改"})
    assert (response.status_code, response.json["error"]) == (409, "edit_window_closed")


class Robot(BaseHTTPRequestHandler):
    """A group robot: records what it receives and answers like WeCom/DingTalk."""

    received: list = []
    answer = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        reply = json.dumps(Robot.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Robot.received, Robot.answer = [], {"errcode": 0, "errmsg": "ok"}
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def set_robot(app, url, kind):
    response = as_(app, "AD").patch("/api/v1/school/settings",
                                    json={"webhook_url": url, "webhook_kind": kind})
    assert response.status_code == 200, response.json


def test_wecom_robot_receives_the_bulletin_summary(app, week, robot):
    set_robot(app, f"{robot}/cgi-bin/webhook/send?key=abc", "wecom")
    response = publish(app, week)
    assert response.status_code == 201
    assert (response.json["webhook_status"], response.json["notices"]) == ("sent", 1)
    [(path, content_type, body)] = Robot.received
    assert path == "/cgi-bin/webhook/send?key=abc" and content_type.startswith("application/json")
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"content"}
    text = body["markdown"]["content"]
    assert "第13周教学通报" in text and "巡课 1 次" in text and "公开课 5 次" in text
    assert "提前候课 1 次" in text and "上课接打手机 1 次" in text


def test_dingtalk_robot_gets_title_and_text(app, week, robot):
    set_robot(app, f"{robot}/robot/send?access_token=t", "dingtalk")
    assert publish(app, week).json["webhook_status"] == "sent"
    [(_, _, body)] = Robot.received
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["title"].endswith("第13周教学通报")
    assert "教学事故 1 次" in body["markdown"]["text"]


def test_robot_failure_is_recorded_and_the_week_stays_published(app, week, robot):
    Robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    set_robot(app, f"{robot}/send", "wecom")
    response = publish(app, week)
    assert (response.status_code, response.json["webhook_status"]) == (201, "failed")
    assert "93000" in response.json["webhook_detail"]
    set_robot(app, "http://127.0.0.1:9/nobody-listens", "wecom")
    second = publish(app, week, week=WEEK - 1)
    assert (second.status_code, second.json["webhook_status"]) == (201, "failed")
    assert db.session.scalar(db.select(db.func.count(WeekPublication.id))) == 2
    assert as_(app, "TE").get("/api/v1/notices").json[0]["status"] == "published"


def test_settings_are_validated(app, week):
    office = as_(app, "AD")
    bad = office.patch("/api/v1/school/settings",
                       json={"webhook_url": "ftp://x", "webhook_kind": "slack", "appeal_days": 0})
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"webhook_url", "webhook_kind", "appeal_days"}
    assert office.get("/api/v1/school/settings").json["webhook_url"] is None


def test_a_week_not_yet_begun_cannot_be_published(app, week, monkeypatch):
    wednesday_of_week_13 = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(services, "utcnow", lambda: wednesday_of_week_13)
    assert publish(app, week, week=14).json["error"] == "week_not_started"
    response = publish(app, week, week=20)  # the sample term's last week, in January 2027
    assert (response.status_code, response.json["error"]) == (422, "week_not_started")
    assert db.session.scalar(db.select(db.func.count(WeekPublication.id))) == 0


def test_office_removing_a_photo_amends_the_notice(app, published):
    photo = published["photo"].id
    assert as_(app, "AD").delete(f"/api/v1/photos/{photo}").status_code == 204
    notice = as_(app, "TE").get(f"/api/v1/notices/{notice_id(published)}").json
    assert notice["content"]["patrols"][0]["photo_ids"] == [photo]
    assert notice["amendments"][0]["content"]["patrols"][0]["photo_ids"] == []
    assert notice["amendments"][0]["reason"] == "删除了照片"


def test_a_robot_url_that_is_not_http_is_never_opened():
    """Settings refuse such a URL; a value stored before that check still opens nothing."""
    status, detail = post_summary("file:///etc/passwd", "wecom", "周通报", "内容")
    assert status == "failed" and "http" in detail
