"""Numbers and times the database or calendar cannot hold get a clear 4xx, never a 500 (from fuzzing)."""
import pytest

from tests.security.world import world  # noqa: F401  (fixture)

HUGE = "-339267538961089322549248"


@pytest.mark.parametrize("url, status", [
    (f"/api/v1/staff?teaching_group_id={HUGE}", 422),
    (f"/api/v1/action-steps?teacher_id={HUGE}", 422),
    (f"/api/v1/observations?teacher_id={HUGE[1:]}", 422),
    ("/api/v1/rubrics/33079337032540426240/versions/128", 404),
    ("/api/v1/observations/2147483648", 404),
    ("/api/v1/lessons/now?at=0263-04-20T07:38:57-23:50", 422),
])
def test_out_of_range_numbers_and_times(client, world, url, status):
    client.login("AD")
    response = client.get(url)
    assert response.status_code == status, response.json
    assert response.json["message"]


def test_half_a_holiday_in_a_term_edit_is_a_422(client, world):
    client.login("AD")
    response = client.patch(f"/api/v1/terms/{world['term']}",
                            json={"holidays": [{"name": "国庆", "ends_on": "2026-10-07"}]})
    assert response.status_code == 422 and "starts_on" in str(response.json["errors"])


def test_body_that_is_not_json_is_a_400_with_errors_by_location(client, world):
    client.login("AD")
    response = client.post("/api/v1/groups", data=b"\x00", content_type="application/json")
    assert response.status_code == 400
    assert response.json["errors"] == {"json": ["请求内容不是有效的 JSON"]}
