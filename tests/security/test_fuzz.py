"""Fuzz every operation of /api/v1/openapi.json, signed in as the office (schemathesis).

Valid and invalid input, a bounded number of examples per operation (FUZZ_EXAMPLES, default
small for `make test`; `make fuzz` runs more): never a 5xx, every answer as documented.
"""
import os
import tempfile

import pytest
import schemathesis
from flask import g
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

from backend import create_app
from backend.accounts.models import Staff
from backend.extensions import db
from tests.client import ApiClient
from tests.conftest import make_config
from tests.security.world import world  # noqa: F401  (fixture)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


def _cases() -> list[tuple[str, str, GenerationMode]]:
    """Every documented operation with valid input, and with invalid input where it takes any."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(make_config("sqlite://", tmp))
        spec = app.test_client().get("/api/v1/openapi.json").json
    cases = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                cases.append((method.upper(), path, GenerationMode.POSITIVE))
                if op.get("parameters") or item.get("parameters") or op.get("requestBody"):
                    cases.append((method.upper(), path, GenerationMode.NEGATIVE))
    return cases


class Office:
    """The office signed in; signed in again whenever a fuzzed call ended its own session."""

    def __init__(self, app, staff_id: int):
        self.app, self.staff_id = app, staff_id
        self.password_hash = db.session.get(Staff, staff_id).password_hash
        self.sign_in()

    def sign_in(self) -> None:
        # A fuzzed password reset or deactivation may have hit the office's own record.
        db.session.execute(db.update(Staff).where(Staff.id == self.staff_id).values(
            active=True, must_change_password=False, password_hash=self.password_hash))
        self.client = ApiClient(self.app)
        assert self.client.login("AD").status_code == 200

    def call(self, case):
        db.session.commit()  # as in ApiClient.request: each request sees committed data
        g.pop("_login_user", None)
        try:
            # buffered: read and close each answer, as a server does (a served photo's file too).
            return case.call(session=self.client.http, headers={"X-CSRF-Token": self.client.csrf},
                             buffered=True)
        finally:
            db.session.rollback()

    def after(self, response) -> None:
        body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        if response.status_code == 401 or body.get("error") == "password_change_required":
            self.sign_in()


@pytest.mark.parametrize("method, path, mode", _cases(),
                         ids=lambda v: v.value if isinstance(v, GenerationMode) else v)
def test_fuzz_operation(app, world, method, path, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    office = Office(app, world["people"]["admin"])
    checks = CHECKS + ([negative_data_rejection] if mode == GenerationMode.NEGATIVE else [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case):
        response = office.call(case)
        office.after(response)
        case.validate_response(response, checks=checks)

    fuzz()
