"""Security headers on every kind of answer, and a CSP the app shell runs under."""
import re
from html.parser import HTMLParser

import pytest

from backend.pwa import PWA_DIR
from tests.security.world import world  # noqa: F401  (fixture)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


URLS = ["/", "/manifest.webmanifest", "/static/js/main.js", "/no-such-page", "/api/v1/health",
        "/api/v1/openapi.json", "/api/v1/me", "/api/v1/observations/{obs}", "/api/v1/photos/{photo}",
        "/api/v1/no-such-endpoint"]


@pytest.mark.parametrize("url", URLS)
def test_every_answer_carries_the_security_headers(client, world, url):
    client.login("LE")
    response = client.get(url.format(**world))
    assert response.status_code < 500
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    scripts = csp.get("script-src", csp["default-src"])
    assert scripts == ["'self'"], "scripts only from our own files: no inline, no eval"


def test_api_answers_are_not_cached(client, world):
    client.login("LE")
    for url in ("/api/v1/me", f"/api/v1/observations/{world['obs']}", "/api/v1/nothing"):
        assert client.get(url).headers["Cache-Control"] == "no-store"
    photo = client.get(f"/api/v1/photos/{world['photo']}")
    assert photo.headers["Cache-Control"] == "private, no-cache"


def test_a_cached_photo_is_revalidated_with_the_session(client, world):
    """A phone's cached photo costs no bytes again, but only while its reader is signed in."""
    client.login("LE")
    url = f"/api/v1/photos/{world['photo']}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    client.post("/api/v1/auth/logout")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 401


def test_hsts_only_behind_https(client, app):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        assert "max-age=" in client.get("/").headers["Strict-Transport-Security"]
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


class InlineCode(HTMLParser):
    """Collect inline scripts and on* handler attributes, which the CSP would block."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        self.found += [f"{tag} {k}" for k in names if k.startswith("on")]
        self.found += [f"{tag} href=javascript:" for v in names.values() if (v or "").startswith("javascript:")]
        self._in_script = tag == "script" and "src" not in names

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline <script>")


def test_app_shell_has_no_inline_code():
    """The PWA works under script-src 'self': no inline script, no handler attributes, no eval."""
    for page in PWA_DIR.rglob("*.html"):
        parser = InlineCode()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], f"{page}: {parser.found}"
    for script in PWA_DIR.rglob("*.js"):
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", code), script
