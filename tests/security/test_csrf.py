"""A signed-in browser's cookie alone never changes anything: every write needs the CSRF token."""
import json

import pytest
from sqlalchemy import select

from backend.extensions import db
from tests.security.test_permissions import ENDPOINTS, send
from tests.security.world import world  # noqa: F401  (fixture)

WRITES = [e for e in ENDPOINTS if e.method not in ("GET", "HEAD", "OPTIONS")]


def snapshot() -> dict:
    """Every row of every table, to prove a refused request changed nothing."""
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("token", [None, "forged-token"], ids=["no-token", "wrong-token"])
@pytest.mark.parametrize("entry", WRITES, ids=[f"{e.method} {e.path}" for e in WRITES])
def test_write_with_cookie_but_without_the_token_is_refused(client, world, entry, token):
    assert client.login("AD").status_code == 200
    client.csrf = token  # the cookie still goes with every request, as a forged form's would
    before = snapshot()
    response = send(client, entry, world)
    assert response.status_code == 403, response.json
    assert response.json["error"] == "csrf_failed"
    assert snapshot() == before


def test_token_of_another_session_is_refused(client, world):
    other = type(client)(client.app)
    other.login("LE")
    client.login("AD")
    client.csrf = other.csrf
    assert client.post("/api/v1/groups", json={"name": "综合组"}).status_code == 403


def test_fresh_token_from_the_csrf_endpoint_is_accepted(client, world):
    """The outbox asks for the token just before sending a record queued days ago."""
    client.login("AD")
    client.csrf = None
    token = client.get("/api/v1/auth/csrf").json["csrf_token"]
    response = client.post("/api/v1/groups", json={"name": "综合组"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 201


def test_cross_site_form_post_cannot_sign_in(client, world):
    """A form can send text/plain but not application/json: the body is not read as JSON."""
    body = json.dumps({"login": "AD", "password": "test-pass-123"})
    response = client.http.post("/api/v1/auth/login", data=body, content_type="text/plain")
    assert response.status_code == 422
    assert "Set-Cookie" not in response.headers
