"""End-to-end fixtures: the real app under gunicorn on a fresh demo database, driven by Debian's
Chromium through Playwright at a phone's 360 × 740."""
import io
import os
import uuid

import pytest
from PIL import Image
from sqlalchemy import create_engine, make_url, text

from tests.e2e.live_server import ROOT, live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "test-artifacts" / "e2e"
# A Tuesday of the demo term in period 3: 八年级(1)班 has 语文 with 丁建国 (T1003).
AT = "2026-11-24T02:20:00Z"  # 10:20 in Beijing
PASSWORD = "xunke-demo"


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory):
    """A fresh database: SQLite, or a throwaway PostgreSQL database beside TEST_DATABASE_URL's."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("e2e") / "e2e.sqlite3")
        return
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_e2e_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def photo_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("photos"))


@pytest.fixture(scope="session")
def server(e2e_database, photo_dir):
    """The app under gunicorn on the fresh demo database; its base URL."""
    with live_server(e2e_database, photo_dir) as base:
        yield base


@pytest.fixture(scope="session")
def db(e2e_database):
    """A connection to the served database, to check what reached the server."""
    engine = create_engine(e2e_database.replace("postgresql://", "postgresql+psycopg://", 1))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 360, "height": 740},
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A tab; a script error in it fails the test."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None)
    yield page
    assert errors == []


def shot(page, name: str) -> None:
    """Keep a screenshot of the screen for people to look at (CI keeps test-artifacts/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, login: str, password: str = PASSWORD, at: str = AT) -> None:
    page.goto(f"/?at={at}")
    page.get_by_label("工号或手机号").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出").wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.get_by_role("button", name="登录").wait_for()


def record_drop_in_on_t1003(context, at: str = AT, action_steps=()) -> tuple[str, dict]:
    """Record, as the principal through the API, a drop-in on 丁建国's (T1003) lesson with a
    comment typed as the form's 主要优点; return the comment and the stored observation."""
    api = context.request
    assert api.post("/api/v1/auth/login", data={"login": "T1007", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    now = api.get(f"/api/v1/lessons/now?at={at}").json()
    slot = next(s for s in now["current"]["lessons"] if s["teacher"]["staff_no"] == "T1003")
    rubric = next(r for r in api.get("/api/v1/rubrics?kind=drop_in").json() if r["title"].startswith("推门听课简表"))
    marker = f"板书清楚 {uuid.uuid4().hex[:6]}"
    response = api.post("/api/v1/observations", headers={"X-CSRF-Token": csrf}, data={
        "uuid": str(uuid.uuid4()), "kind": "drop_in", "timetable_slot_id": slot["id"],
        "observed_at": at, "rubric_version_id": rubric["latest"]["id"],
        "answers": {"design": 18, "organisation": 20, "engagement": 25, "craft": 20,
                    "strengths": marker},
        "action_steps": list(action_steps)})
    assert response.status == 201, response.text()
    api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    return marker, response.json()


def publish_with_photo(context, at: str) -> tuple[str, dict, dict, int]:
    """A drop-in on 丁建国's lesson at `at` with a photo, in a week the office then publishes:
    the drop-in's comment, the record, its photo, and the id of 丁建国's notice."""
    marker, obs = record_drop_in_on_t1003(context, at)
    api = context.request
    jpeg = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 60, 40)).save(jpeg, "JPEG")
    assert api.post("/api/v1/auth/login", data={"login": "T1007", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    photo = api.post(f"/api/v1/observations/{obs['id']}/photos", headers={"X-CSRF-Token": csrf},
                     multipart={"uuid": str(uuid.uuid4()), "file": {
                         "name": "class.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()}})
    assert photo.status == 201, photo.text()
    api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert api.post("/api/v1/auth/login", data={"login": "admin", "password": PASSWORD}).ok
    csrf = api.get("/api/v1/auth/csrf").json()["csrf_token"]
    week = {"term_id": obs["term_id"], "week": obs["week"]}
    assert api.post("/api/v1/notices/build", headers={"X-CSRF-Token": csrf}, data=week).ok
    assert api.post("/api/v1/notices/publish", headers={"X-CSRF-Token": csrf}, data=week).status == 201
    notice = next(n for n in api.get(f"/api/v1/notices?term_id={obs['term_id']}&week={obs['week']}").json()
                  if n["teacher"]["name"] == "丁建国")
    api.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    return marker, obs, photo.json(), notice["id"]
