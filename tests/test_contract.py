"""The API keeps its own OpenAPI contract under generated requests (schemathesis).

In-process, rate limits stay off (as in the rest of the suite): thousands of requests from one
address would otherwise turn most answers into 429s and hide the operations behind them. The
live run sends fewer requests to a real gunicorn server with its limits on, as deployed.
"""

import json
import re
import uuid
from decimal import Decimal

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis.checks import positive_data_acceptance

from core.auth.models import Role
from core.idempotency import KEY_HEADER
from tests.conftest import ADMIN_PASSWORD, create_user
from tests.live_server import call, gunicorn_server, server_environment

EXAMPLES_PER_OPERATION = 60
LIVE_EXAMPLES_PER_OPERATION = 15
# The rules between parameters that OpenAPI cannot state, as the document words them.
NOT_BELOW = re.compile(r"Not below (\w+)")
ONLY_WITH = re.compile(r"Only with `(\w+)`")
CENT = Decimal("0.01")
# Which filters, sorts and statuses go together depends on the registered document types
# (tests/search covers those rules); a search refused for one of these reasons alone is not
# held to "valid data is accepted", and every other check still runs on it.
TYPE_RULES = re.compile(
    r"Does not apply to \w+\."
    r"|No chosen type can be sorted by \S+\."
    r"|No chosen type has the status \S+\."
)


def test_every_operation_keeps_the_contract(app, runner, admin_token):
    # Demo content makes listings, search hits and facets answer with real documents.
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    # Called in-process, nothing would undo a compressed body; the live-server test below goes
    # through HTTP, compression included.
    headers = {"Authorization": f"Bearer {admin_token}", "Accept-Encoding": "identity"}
    assert_contract_kept(schema, headers, EXAMPLES_PER_OPERATION)


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
    rules = documented_rules(operation)

    # No health check is suppressed: none fires for these operations with these examples.
    @given(case=operation.as_strategy().filter(lambda case: keeps_rules(case, rules)))
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None)
    def call(case):
        if case.headers and KEY_HEADER in case.headers:
            # A key is single-use by contract (reusing one with another body is a 422, tested
            # in tests/core/test_idempotency.py); keep the generated shape, make it unique.
            case.headers[KEY_HEADER] = case.headers[KEY_HEADER][:223] + uuid.uuid4().hex
        response = case.call(headers=headers)
        excluded = [positive_data_acceptance] if refused_by_a_type_rule(case, response) else []
        case.validate_response(
            response,
            headers=headers,
            excluded_checks=excluded,
            transport_kwargs={"headers": headers},
        )

    call()


def documented_rules(operation) -> list[tuple[str, str, str]]:
    """The rules between query parameters that their descriptions state, as (rule, name, other).

    "Not below `other`" bounds a range; "Only with `other`" needs the other (a month its year).
    """
    rules = []
    for parameter in operation.definition.raw.get("parameters", []):
        description = parameter.get("description", "")
        for rule, pattern in (("not below", NOT_BELOW), ("only with", ONLY_WITH)):
            rules += [(rule, parameter["name"], other) for other in pattern.findall(description)]
    return rules


def keeps_rules(case, rules: list[tuple[str, str, str]]) -> bool:
    """Whether `case` keeps every documented rule between its query parameters."""
    query = case.query or {}
    for rule, name, other in rules:
        if name not in query:
            continue
        if rule == "only with" and other not in query:
            return False
        if rule == "not below" and other in query and not in_order(query[other], query[name]):
            return False
    return True


def in_order(low, high) -> bool:
    """Whether bound `high` is not below `low`, as the caller wrote them."""
    return Decimal(str(low)) <= Decimal(str(high))


def refused_by_a_type_rule(case, response) -> bool:
    """Whether `response` refuses a search only for a rule of the types it names (see above)."""
    if case.operation.path != "/api/v1/search" or response.status_code != 422:
        return False
    messages = [m for ms in json.loads(response.content)["errors"].values() for m in ms]
    return all(TYPE_RULES.fullmatch(message) for message in messages)
