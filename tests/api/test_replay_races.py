"""A phone resends while its first send is still being handled (the answer was slow, not lost):
one record or photo is stored, and both sends are answered with it, on both engines."""
import threading

import pytest

from backend.extensions import db
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
