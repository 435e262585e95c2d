"""Sign-in, lockout, CSRF, sessions that end on the server, first-login password change."""
import pytest

from backend.extensions import db
from tests.client import PASSWORD, ApiClient
from tests.factories import create_school, create_staff


@pytest.fixture
def school(app):
    return create_school(code="demo")


@pytest.fixture
def teacher(school):
    staff = create_staff(school, staff_no="T1003", phone="13800000003")
    db.session.commit()
    return staff


def test_login_by_staff_no_or_phone_returns_me(client, teacher):
    for login in ("T1003", "13800000003"):
        response = client.login(login)
        assert response.status_code == 200
        assert response.json["staff_no"] == "T1003"
        assert response.json["roles"] == ["teacher"]
        assert response.json["school"]["code"] == "demo"
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json["name"] == teacher.name


def test_wrong_password_is_401_json(client, teacher):
    response = client.login("T1003", "nope-nope-1")
    assert response.status_code == 401
    assert response.json == {"code": 401, "error": "bad_credentials",
                             "message": "工号/手机号或密码不正确"}


def test_api_answers_401_not_redirect(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json["error"] == "unauthorized"
    assert "Location" not in response.headers


def test_session_cookie_flags(client, teacher):
    response = client.login("T1003")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_lockout_is_shared_between_workers(client, teacher, another_app):
    """Failures counted by one process lock the name for another (two apps, one database)."""
    other_worker = ApiClient(another_app)
    for attempt in range(5):
        worker = client if attempt % 2 else other_worker
        assert worker.login("T1003", "wrong-pass-1").status_code == 401
    for worker in (client, other_worker):
        response = worker.login("T1003")  # even the right password waits out the lock
        assert response.status_code == 429 and response.json["error"] == "locked"


def test_success_clears_failures(client, teacher):
    for _ in range(4):
        client.login("T1003", "wrong-pass-1")
    assert client.login("T1003").status_code == 200
    for _ in range(4):
        assert client.login("T1003", "wrong-pass-1").status_code == 401


def test_lockout_with_redis(app, teacher):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 (see .ci/run)")
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    try:
        client = ApiClient(app)
        redis.Redis.from_url(app.config["REDIS_URL"]).flushdb()
        for _ in range(5):
            assert client.login("T1003", "wrong-pass-1").status_code == 401
        assert client.login("T1003").status_code == 429
    finally:
        redis.Redis.from_url(app.config["REDIS_URL"]).flushdb()
        app.config["REDIS_URL"] = None
        app.extensions.pop("xunke_redis", None)


def test_write_without_csrf_token_is_refused(client, teacher):
    client.login("T1003")
    response = client.http.post("/api/v1/auth/password",
                                json={"current_password": PASSWORD, "new_password": "n3w-secret!"})
    assert response.status_code == 403 and response.json["error"] == "csrf_failed"
    wrong = client.http.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    assert client.get("/api/v1/me").status_code == 200  # still signed in


def test_csrf_endpoint_gives_the_session_token(client, teacher):
    client.login("T1003")
    assert client.get("/api/v1/auth/csrf").json["csrf_token"] == client.csrf


def test_logout_ends_the_session_on_the_server(client, teacher):
    client.login("T1003")
    stolen = client.http.get_cookie("session").value
    assert client.post("/api/v1/auth/logout").status_code == 204
    replay = ApiClient(client.app)
    replay.http.set_cookie("session", stolen)
    assert replay.get("/api/v1/me").status_code == 401


def test_password_change_ends_other_sessions(client, teacher):
    phone = ApiClient(client.app)
    phone.login("T1003")
    client.login("T1003")
    response = client.post("/api/v1/auth/password",
                           json={"current_password": PASSWORD, "new_password": "n3w-secret!"})
    assert response.status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    assert ApiClient(client.app).login("T1003", "n3w-secret!").status_code == 200


REFUSED_PASSWORDS = [
    ("short1", "至少"), ("1234567890", "数字"), ("aaaaaaaa", "常见"), ("xT1003yz", "工号"),
    ("a13800000003", "手机号"),
]


@pytest.mark.parametrize("new_password, reason", REFUSED_PASSWORDS)
def test_password_rules(client, teacher, new_password, reason):
    client.login("T1003")
    response = client.post("/api/v1/auth/password",
                           json={"current_password": PASSWORD, "new_password": new_password})
    assert response.status_code == 422 and reason in response.json["errors"]["new_password"][0]


@pytest.mark.parametrize("new_password, reason", REFUSED_PASSWORDS)
def test_office_reset_follows_the_same_password_rules(client, teacher, new_password, reason):
    """A temporary password set by the office meets the rule of the person's own change."""
    create_staff(teacher.school, ("admin",), staff_no="AD")
    db.session.commit()
    client.login("AD")
    response = client.post(f"/api/v1/staff/{teacher.id}/password-reset",
                           json={"new_password": new_password})
    assert response.status_code == 422 and reason in response.json["errors"]["new_password"][0]
    assert response.json["message"] == response.json["errors"]["new_password"][0]
    assert ApiClient(client.app).login("T1003").status_code == 200  # the old one still works
    assert ApiClient(client.app).login("T1003", new_password).status_code == 401
    assert client.post(f"/api/v1/staff/{teacher.id}/password-reset",
                       json={"new_password": "temp-5678"}).status_code == 200


def test_first_login_requires_password_change(client, school):
    create_staff(school, staff_no="T2000", must_change=True)
    db.session.commit()
    me = client.login("T2000").json
    assert me["must_change_password"] is True
    blocked = client.get("/api/v1/staff")
    assert blocked.status_code == 403 and blocked.json["error"] == "password_change_required"
    client.post("/api/v1/auth/password", json={"current_password": PASSWORD,
                                                "new_password": "fresh-pass-9"})
    assert client.get("/api/v1/staff").status_code == 200


def test_same_staff_no_in_two_schools_needs_school_code(client, teacher):
    other = create_school(code="other")
    create_staff(other, staff_no="T1003")
    db.session.commit()
    assert client.login("T1003").json["error"] == "school_required"
    assert client.login("T1003", school="demo").json["school"]["code"] == "demo"


def test_inactive_staff_cannot_sign_in(client, teacher):
    teacher.active = False
    db.session.commit()
    assert client.login("T1003").status_code == 401
