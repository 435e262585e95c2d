"""A test client that signs in like the phone app and sends the CSRF token on writes."""
from flask import g, has_app_context
from flask.testing import FlaskClient

from backend.extensions import db

PASSWORD = "test-pass-123"


class ApiClient:
    def __init__(self, app):
        self.app = app
        self.http: FlaskClient = app.test_client()
        self.csrf: str | None = None

    def login(self, login: str, password: str = PASSWORD, **extra):
        response = self.post("/api/v1/auth/login",
                             json={"login": login, "password": password, **extra})
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response

    def request(self, method: str, url: str, **kwargs):
        """Send a request as production would see it: on committed data, in a fresh `g`."""
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.csrf:
            headers.setdefault("X-CSRF-Token", self.csrf)
        # Tests hold one app context (and so one session and one `g`) across requests; in
        # production each request starts afresh and ends with its session removed.
        if has_app_context():
            db.session.commit()
            g.pop("_login_user", None)
        try:
            return self.http.open(url, method=method, headers=headers, buffered=True, **kwargs)
        finally:
            if has_app_context():
                db.session.rollback()

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def patch(self, url, **kwargs):
        return self.request("PATCH", url, **kwargs)

    def put(self, url, **kwargs):
        return self.request("PUT", url, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)
