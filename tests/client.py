"""A test client that signs in like the phone app and sends the CSRF token on writes."""
from flask import g, has_app_context
from flask.testing import FlaskClient

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

    def _headers(self, kwargs):
        # Tests hold one app context open, so `g` outlives a request; in production each
        # request starts with a fresh `g`. Forget the user Flask-Login cached there.
        if has_app_context():
            g.pop("_login_user", None)
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.csrf:
            headers.setdefault("X-CSRF-Token", self.csrf)
        return headers

    def get(self, url, **kwargs):
        return self.http.get(url, headers=self._headers(kwargs), buffered=True, **kwargs)

    def post(self, url, **kwargs):
        return self.http.post(url, headers=self._headers(kwargs), buffered=True, **kwargs)

    def patch(self, url, **kwargs):
        return self.http.patch(url, headers=self._headers(kwargs), buffered=True, **kwargs)

    def put(self, url, **kwargs):
        return self.http.put(url, headers=self._headers(kwargs), buffered=True, **kwargs)

    def delete(self, url, **kwargs):
        return self.http.delete(url, headers=self._headers(kwargs), buffered=True, **kwargs)
