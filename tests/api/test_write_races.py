"""Writes that race on the server, on both engines: a phone resending while its first send is
still being handled gets the stored record or photo (one is stored); an edit made while the
office publishes its week is in the published notice, never lost between the two."""
import threading

import pytest

from backend.extensions import db
from backend.notices.models import WeeklyNotice
from backend.notices.services import current_content
from backend.observations import photos, services
from backend.observations.models import Photo
from tests.api.test_observations import as_, count_observations, drop_in, world  # noqa: F401
from tests.api.test_photos import jpeg, upload


@pytest.fixture
def both_past(monkeypatch):
    """Hold each request after `name` in `module` until the other got there too (at most 1 s:
    on SQLite the second waits for the first's write lock, so only one arrives)."""
    def hold(module, name):
        barrier, real = threading.Barrier(2, timeout=1), getattr(module, name)

        def held(*args):
            found = real(*args)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return found
        monkeypatch.setattr(module, name, held)
    return hold


def at_once(*sends) -> list:
    """Run the sends in threads together; their answers in order."""
    answers = [None] * len(sends)

    def run(i):
        answers[i] = sends[i]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_record_sent_twice_at_once_is_stored_once(app, world, both_past):  # noqa: F811
    body, first, again = drop_in(world), as_(app, "LE"), as_(app, "LE")
    both_past(services, "find_by_uuid")
    db.session.commit()
    answers = at_once(lambda: first.post("/api/v1/observations", json=body),
                      lambda: again.post("/api/v1/observations", json=body))
    assert sorted(a.status_code for a in answers) == [200, 201], [a.json for a in answers]
    assert answers[0].json["id"] == answers[1].json["id"] and count_observations() == 1


def test_a_batch_racing_a_single_send_answers_exists_for_the_record(app, world, both_past):  # noqa: F811
    racing, other = drop_in(world), drop_in(world)
    first, again = as_(app, "LE"), as_(app, "LE")
    both_past(services, "find_by_uuid")
    db.session.commit()
    single, batch = at_once(lambda: first.post("/api/v1/observations", json=racing),
                            lambda: again.post("/api/v1/observations/batch",
                                               json={"observations": [racing, other]}))
    assert single.status_code in (200, 201) and batch.status_code == 200, batch.json
    statuses = {r["uuid"]: r["status"] for r in batch.json["results"]}
    assert statuses[other["uuid"]] == "created"
    assert statuses[racing["uuid"]] in ("created", "exists")
    assert (single.status_code == 201) == (statuses[racing["uuid"]] == "exists")
    assert count_observations() == 2


def test_a_photo_sent_twice_at_once_is_stored_once(app, world, both_past):  # noqa: F811
    first, again = as_(app, "LE"), as_(app, "LE")
    obs_id = first.post("/api/v1/observations", json=drop_in(world)).json["id"]
    both_past(photos, "process")
    db.session.commit()
    content, photo_uuid = jpeg(), "2f1d2c2e-8d55-4c39-9a61-6a3f3c1f0a01"
    answers = at_once(lambda: upload(first, obs_id, content, photo_uuid=photo_uuid),
                      lambda: upload(again, obs_id, content, photo_uuid=photo_uuid))
    assert sorted(a.status_code for a in answers) == [200, 201], [a.json for a in answers]
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1


def test_an_edit_racing_the_publication_of_its_week_is_in_the_notice(app, world, monkeypatch):  # noqa: F811
    leader, office = as_(app, "LE"), as_(app, "AD")
    obs_id = leader.post("/api/v1/observations", json=drop_in(world, suggestions="旧建议")).json["id"]
    week = {"term_id": world["term"].id, "week": 13}
    edited, published = threading.Event(), threading.Event()
    real = services._amend_notices

    def paused(*args):  # the edit is checked and written, not yet committed
        real(*args)
        edited.set()
        published.wait(timeout=1)
    monkeypatch.setattr(services, "_amend_notices", paused)
    db.session.commit()

    def publish():
        edited.wait(timeout=5)
        answer = office.post("/api/v1/notices/publish", json=week)
        published.set()
        return answer
    edit, publication = at_once(
        lambda: leader.patch(f"/api/v1/observations/{obs_id}", json={"suggestions": "新建议"}), publish)
    assert (edit.status_code, publication.status_code) == (200, 201), (edit.json, publication.json)
    db.session.rollback()
    notice = db.session.scalar(db.select(WeeklyNotice).where(WeeklyNotice.teacher_id == world["teacher"].id))
    assert [lesson["suggestions"] for lesson in current_content(notice)["lessons"]] == ["新建议"]
