"""The API keeps its own OpenAPI contract under generated requests (schemathesis).

In-process, rate limits stay off (as in the rest of the suite): thousands of requests from one
address would otherwise turn most answers into 429s and hide the operations behind them. The
live run sends fewer requests to a real gunicorn server with its limits on, as deployed.
"""

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from core.auth.models import Role
from core.idempotency import KEY_HEADER
from tests.conftest import ADMIN_PASSWORD, create_user
from tests.live_server import call, gunicorn_server, server_environment

EXAMPLES_PER_OPERATION = 60
LIVE_EXAMPLES_PER_OPERATION = 15
# Which filters, sorts and statuses go together depends on the registered document types
# (tests/search covers those rules); every other check still runs on these operations.
TYPE_DEPENDENT_RULES = {"/api/v1/search"}


def test_every_operation_keeps_the_contract(app, runner, admin_token):
    # Demo content makes listings, search hits and facets answer with real documents.
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    assert_contract_kept(schema, {"Authorization": f"Bearer {admin_token}"}, EXAMPLES_PER_OPERATION)


@pytest.mark.slow
def test_a_live_server_with_its_rate_limits_keeps_the_contract(app, runner, database_url, tmp_path):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    environment = server_environment(database_url, tmp_path, 2, RATELIMIT_ENABLED="true")
    with gunicorn_server(environment, tmp_path / "gunicorn.log") as base:
        assert runner.invoke(args=["search", "reindex"]).exit_code == 0
        credentials = {"email": "admin@example.com", "password": ADMIN_PASSWORD}
        status, _, token = call(base, "POST", "/api/v1/auth/tokens", credentials)
        assert status == 201, token
        schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json")
        headers = {"Authorization": f"Bearer {token['token']}"}
        assert_contract_kept(schema, headers, LIVE_EXAMPLES_PER_OPERATION)


def assert_contract_kept(schema, headers: dict, examples: int) -> None:
    """Fuzz every operation of `schema`; fail naming each operation that broke the contract."""
    broken = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz(operation, headers, examples)
        except (Exception, BaseExceptionGroup) as failure:  # report every broken operation
            broken[operation.label] = str(failure)
    assert not broken, "\n\n".join(f"{label}:\n{failure}" for label, failure in broken.items())


def fuzz(operation, headers: dict, examples: int) -> None:
    """Send generated requests to `operation`, checking each answer against the document."""

    @given(case=operation.as_strategy().filter(keeps_unwritten_rules))
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        if case.headers and KEY_HEADER in case.headers:
            # A key is single-use by contract (reusing one with another body is a 422, tested
            # in tests/core/test_idempotency.py); keep the generated shape, make it unique.
            case.headers[KEY_HEADER] = case.headers[KEY_HEADER][:223] + uuid.uuid4().hex
        excluded = [positive_data_acceptance] if operation.path in TYPE_DEPENDENT_RULES else []
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    call()


def keeps_unwritten_rules(case) -> bool:
    """Whether `case` keeps the rules OpenAPI cannot state between parameters (documented).

    A month needs its year and a `min_` bound may not exceed its `max_`.
    """
    query = case.query or {}
    if "month" in query and "year" not in query:
        return False
    return not any(
        float(query[name]) > float(query[f"max_{name[4:]}"])
        for name in query
        if name.startswith("min_") and f"max_{name[4:]}" in query
    )
