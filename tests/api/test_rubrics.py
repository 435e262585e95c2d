"""Rubric API: drafts, validation, publishing versions, archiving, scoring by the server."""
import threading

import pytest

from backend.extensions import db
from backend.rubrics.models import RubricVersion
from backend.rubrics.templates import load_template
from tests.client import ApiClient
from tests.factories import create_school, create_staff


@pytest.fixture
def school(app):
    return create_school()


@pytest.fixture
def office(client, school):
    create_staff(school, ("admin",), staff_no="A1")
    create_staff(school, ("teacher",), staff_no="T1")
    db.session.commit()
    client.login("A1")
    return client


@pytest.fixture
def teacher(office):
    other = ApiClient(office.app)
    other.login("T1")
    return other


def quick_form(max_points=10):
    return {"title": "简表", "kinds": ["drop_in"], "sections": [{"key": "s", "title": "课堂", "items": [
        {"key": "a", "type": "score", "label": "目标", "min": 0, "max": max_points, "step": 0.5,
         "required": True}]}]}


def test_start_from_template_edit_publish(office):
    created = office.post("/api/v1/rubrics", json={"template": "lesson_100"})
    assert created.status_code == 201 and created.json["problems"] == []
    rubric_id = created.json["rubric"]["id"]
    assert created.json["rubric"]["latest"] is None
    published = office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    assert published.status_code == 201 and published.json["number"] == 1
    again = office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    assert again.status_code == 409 and again.json["error"] == "no_draft"  # a retry adds nothing


def test_invalid_draft_is_saved_but_not_published(office):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form()}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    broken = quick_form()
    broken["sections"][0]["items"][0]["max"] = -1
    saved = office.put(f"/api/v1/rubrics/{rubric_id}/draft", json={"definition": broken})
    assert saved.status_code == 200
    assert saved.json["problems"][0]["key"] == "a"
    refused = office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    assert refused.status_code == 422 and refused.json["error"] == "invalid_rubric"
    assert any("a" in msg for msgs in refused.json["errors"].values() for msg in msgs)
    versions = office.get(f"/api/v1/rubrics/{rubric_id}/versions").json
    assert [v["number"] for v in versions] == [1]


def test_validate_without_saving(office):
    response = office.post("/api/v1/rubrics/validate", json={"definition": {"title": "x"}})
    assert response.status_code == 200 and response.json["valid"] is False
    assert response.json["problems"]
    ok = office.post("/api/v1/rubrics/validate", json={"definition": quick_form()})
    assert ok.json == {"valid": True, "problems": []}


def test_old_versions_stay_readable_and_unchanged(office):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form(10)}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    office.put(f"/api/v1/rubrics/{rubric_id}/draft", json={"definition": quick_form(20)})
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    v1 = office.get(f"/api/v1/rubrics/{rubric_id}/versions/1").json
    assert v1["definition"]["sections"][0]["items"][0]["max"] == 10
    score = office.post(f"/api/v1/rubrics/{rubric_id}/versions/1/score", json={"answers": {"a": 7.5}})
    assert score.json["maximum"] == "10" and score.json["total"] == "7.5"
    with pytest.raises(ValueError):
        version = db.session.scalar(db.select(RubricVersion).where(RubricVersion.number == 1))
        version.definition = quick_form(30)
        db.session.flush()
    db.session.rollback()


def based_on(rubric: dict) -> dict:
    """What the editor sends back: the server state its edit started from."""
    return {"version": rubric["latest"] and rubric["latest"]["number"],
            "draft_updated_at": rubric["draft_updated_at"]}


@pytest.fixture
def elsewhere(office):
    """The same office account signed in on another computer."""
    other = ApiClient(office.app)
    other.login("A1")
    return other


def test_saving_over_a_draft_saved_elsewhere_is_refused(office, elsewhere):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form(10)}).json["rubric"]["id"]
    mine = office.get(f"/api/v1/rubrics/{rubric_id}").json
    theirs = elsewhere.put(f"/api/v1/rubrics/{rubric_id}/draft",
                           json={"definition": quick_form(20), "based_on": based_on(mine)})
    assert theirs.status_code == 200

    stale = office.put(f"/api/v1/rubrics/{rubric_id}/draft",
                       json={"definition": quick_form(30), "based_on": based_on(mine)})
    assert stale.status_code == 409 and stale.json["error"] == "stale_draft"
    assert "已被他人更新" in stale.json["message"]
    kept = office.get(f"/api/v1/rubrics/{rubric_id}").json
    assert kept["draft"]["sections"][0]["items"][0]["max"] == 20
    assert kept["draft_updated_at"] == theirs.json["rubric"]["draft_updated_at"]

    # Having seen theirs, the office may still choose its own version.
    chosen = office.put(f"/api/v1/rubrics/{rubric_id}/draft",
                        json={"definition": quick_form(30), "based_on": based_on(kept)})
    assert chosen.status_code == 200
    assert chosen.json["rubric"]["draft"]["sections"][0]["items"][0]["max"] == 30


def test_saving_a_draft_of_a_version_published_since_is_refused(office, elsewhere):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form(10)}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    mine = office.get(f"/api/v1/rubrics/{rubric_id}").json
    assert based_on(mine) == {"version": 1, "draft_updated_at": None}
    elsewhere.put(f"/api/v1/rubrics/{rubric_id}/draft", json={"definition": quick_form(20)})
    assert elsewhere.post(f"/api/v1/rubrics/{rubric_id}/publish").json["number"] == 2

    stale = office.put(f"/api/v1/rubrics/{rubric_id}/draft",
                       json={"definition": quick_form(30), "based_on": based_on(mine)})
    assert stale.status_code == 409 and stale.json["error"] == "stale_draft"
    assert office.get(f"/api/v1/rubrics/{rubric_id}").json["draft"] is None


def test_two_saves_of_the_same_draft_at_once_one_is_refused(office, elsewhere):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form(10)}).json["rubric"]["id"]
    base = based_on(office.get(f"/api/v1/rubrics/{rubric_id}").json)
    clients, maxima = [office, elsewhere], [20, 30]
    db.session.rollback()  # the test's own reads hold no lock while the two requests run
    start, answers = threading.Barrier(2), [None, None]

    def save(i):
        start.wait()
        answers[i] = clients[i].put(f"/api/v1/rubrics/{rubric_id}/draft",
                                    json={"definition": quick_form(maxima[i]), "based_on": base})

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 409], [a.json for a in answers]
    winner = maxima[[a.status_code for a in answers].index(200)]
    draft = office.get(f"/api/v1/rubrics/{rubric_id}").json["draft"]
    assert draft["sections"][0]["items"][0]["max"] == winner


def test_based_on_must_name_both_parts(office):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form()}).json["rubric"]["id"]
    refused = office.put(f"/api/v1/rubrics/{rubric_id}/draft",
                         json={"definition": quick_form(20), "based_on": {"version": None}})
    assert refused.status_code == 422
    assert refused.json["errors"]["based_on"] == {"draft_updated_at": ["必填"]}
    assert office.get(f"/api/v1/rubrics/{rubric_id}").json["draft"]["sections"][0]["items"][0]["max"] == 10


def test_archive_hides_from_new_observations(office, teacher):
    rubric_id = office.post("/api/v1/rubrics", json={"template": "patrol_checklist"}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    assert [r["id"] for r in teacher.get("/api/v1/rubrics?kind=patrol").json] == [rubric_id]
    office.post(f"/api/v1/rubrics/{rubric_id}/archive")
    assert teacher.get("/api/v1/rubrics?kind=patrol").json == []
    assert teacher.get(f"/api/v1/rubrics/{rubric_id}/versions/1").status_code == 200
    listed = office.get("/api/v1/rubrics?include_archived=true").json
    assert listed[0]["archived"] is True


def test_scoring_refuses_answers_that_do_not_fit(office):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form()}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    response = office.post(f"/api/v1/rubrics/{rubric_id}/versions/1/score",
                           json={"answers": {"a": 7.3, "zzz": 1}})
    assert response.status_code == 422
    assert set(response.json["errors"]["answers"]) == {"a", "zzz"}


def test_copy_and_templates(office):
    templates = office.get("/api/v1/rubrics/templates").json
    assert {"patrol_checklist", "lesson_100", "drop_in_quick", "levels_4"} <= {t["name"] for t in templates}
    source = office.post("/api/v1/rubrics", json={"template": "levels_4"}).json["rubric"]["id"]
    copy = office.post("/api/v1/rubrics", json={"copy_of": source})
    assert copy.status_code == 201 and copy.json["rubric"]["title"].endswith("（副本）")
    assert office.post("/api/v1/rubrics", json={}).status_code == 422


def test_teacher_cannot_edit_nor_see_drafts(office, teacher):
    rubric_id = office.post("/api/v1/rubrics", json={"definition": quick_form()}).json["rubric"]["id"]
    assert teacher.get(f"/api/v1/rubrics/{rubric_id}").json["draft"] is None
    for method, path, body in [("post", "/api/v1/rubrics", {"template": "lesson_100"}),
                               ("put", f"/api/v1/rubrics/{rubric_id}/draft", {"definition": quick_form()}),
                               ("post", f"/api/v1/rubrics/{rubric_id}/publish", None),
                               ("post", f"/api/v1/rubrics/{rubric_id}/archive", None),
                               ("post", "/api/v1/rubrics/validate", {"definition": quick_form()})]:
        assert getattr(teacher, method)(path, json=body).status_code == 403


def test_other_school_cannot_read(office, app):
    rubric_id = office.post("/api/v1/rubrics", json={"template": "lesson_100"}).json["rubric"]["id"]
    office.post(f"/api/v1/rubrics/{rubric_id}/publish")
    create_staff(create_school(), ("admin",), staff_no="X1")
    db.session.commit()
    stranger = ApiClient(app)
    stranger.login("X1")
    assert stranger.get(f"/api/v1/rubrics/{rubric_id}/versions/1").status_code == 404
    assert stranger.get("/api/v1/rubrics").json == []


def test_template_definition_loads(office):
    assert load_template("lesson_100")["title"] == "课堂教学评价表"
