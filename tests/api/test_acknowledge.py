"""已阅: the observed teacher acknowledges a submitted observation, once, and nobody else can."""
from backend.observations.models import AuditEntry
from backend.extensions import db
from tests.api.test_observations import as_, drop_in, world  # noqa: F401 (fixture)


def record(app, world, **over) -> int:
    response = as_(app, "LE").post("/api/v1/observations", json=drop_in(world, **over))
    assert response.status_code == 201
    return response.json["id"]


def test_teacher_acknowledges_once(app, world):
    obs_id = record(app, world)
    teacher = as_(app, "TE")
    assert teacher.get(f"/api/v1/observations/{obs_id}").json["acknowledged_at"] is None
    first = teacher.post(f"/api/v1/observations/{obs_id}/acknowledge")
    assert first.status_code == 200 and first.json["acknowledged_at"] is not None
    again = teacher.post(f"/api/v1/observations/{obs_id}/acknowledge")
    assert again.status_code == 200
    assert again.json["acknowledged_at"] == first.json["acknowledged_at"]
    actions = db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.observation_id == obs_id)).all()
    assert actions.count("acknowledge") == 1


def test_only_the_observed_teacher_acknowledges(app, world):
    obs_id = record(app, world)
    for staff_no in ("LE", "AD", "GH"):
        response = as_(app, staff_no).post(f"/api/v1/observations/{obs_id}/acknowledge")
        assert response.status_code == 403, staff_no
        assert response.json["error"] == "forbidden"
    assert as_(app, "OT").post(f"/api/v1/observations/{obs_id}/acknowledge").status_code == 404
    assert as_(app, "TE").get(f"/api/v1/observations/{obs_id}").json["acknowledged_at"] is None


def test_a_draft_cannot_be_acknowledged(app, world):
    obs_id = record(app, world, status="draft")
    # The teacher cannot see another's draft at all.
    assert as_(app, "TE").post(f"/api/v1/observations/{obs_id}/acknowledge").status_code == 404
