"""Sessions live on the server: cookie flags, sign-out and password changes end them everywhere."""
import pytest

from backend import create_app
from backend.extensions import db
from tests.client import PASSWORD, ApiClient
from tests.conftest import make_config
from tests.factories import create_school, create_staff


@pytest.fixture
def teacher(app):
    staff = create_staff(create_school(), staff_no="T1", phone="13800000009")
    db.session.commit()
    return staff


def cookie_header(response) -> str:
    [cookie] = [v for k, v in response.headers.items() if k == "Set-Cookie"]
    return cookie


def test_cookie_is_httponly_and_samesite(client, teacher):
    cookie = cookie_header(client.login("T1"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_when_configured(app, database_url, tmp_path, teacher, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    secure_app = create_app(make_config(database_url, tmp_path))
    try:
        cookie = cookie_header(ApiClient(secure_app).login("T1"))
    finally:
        with secure_app.app_context():
            db.engine.dispose()
    assert "; Secure" in cookie and "HttpOnly" in cookie


def test_each_sign_in_gets_a_new_session(client, teacher):
    """A cookie planted before sign-in (session fixation) is not the one that signs in."""
    client.get("/api/v1/auth/csrf")
    planted = client.http.get_cookie("session").value
    client.login("T1")
    assert client.http.get_cookie("session").value != planted
    replay = ApiClient(client.app)
    replay.http.set_cookie("session", planted)
    assert replay.get("/api/v1/me").status_code == 401


def test_old_cookie_replayed_after_sign_out_is_refused_by_every_worker(client, teacher, another_app):
    client.login("T1")
    stolen, token = client.http.get_cookie("session").value, client.csrf
    assert client.post("/api/v1/auth/logout").status_code == 204
    for app in (client.app, another_app):
        replay = ApiClient(app)
        replay.http.set_cookie("session", stolen)
        replay.csrf = token
        assert replay.get("/api/v1/me").status_code == 401
        assert replay.post("/api/v1/auth/password", json={
            "current_password": PASSWORD, "new_password": "n3w-secret!"}).status_code == 401


def test_password_change_ends_every_other_session(client, teacher, another_app):
    phone, tablet = ApiClient(client.app), ApiClient(another_app)
    phone.login("T1")
    tablet.login("T1")
    client.login("T1")
    assert client.post("/api/v1/auth/password", json={
        "current_password": PASSWORD, "new_password": "n3w-secret!"}).status_code == 200
    assert client.get("/api/v1/me").status_code == 200  # the one that changed it stays
    for other in (phone, tablet):
        assert other.get("/api/v1/me").status_code == 401
        assert other.post("/api/v1/observations/batch", json={"observations": []}).status_code == 401


def test_password_reset_and_deactivation_end_the_persons_sessions(client, teacher):
    office = ApiClient(client.app)
    create_staff(teacher.school, ("admin",), staff_no="AD")
    db.session.commit()
    office.login("AD")
    client.login("T1")
    assert office.post(f"/api/v1/staff/{teacher.id}/password-reset",
                       json={"new_password": "temp-5678"}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    client.login("T1", "temp-5678")
    assert office.patch(f"/api/v1/staff/{teacher.id}", json={"active": False}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_tampered_cookie_is_refused(client, teacher):
    client.login("T1")
    value = client.http.get_cookie("session").value
    forged = ApiClient(client.app)
    forged.http.set_cookie("session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert forged.get("/api/v1/me").status_code == 401
