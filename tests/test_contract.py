"""The API keeps its own OpenAPI contract under generated requests (schemathesis, in-process).

Rate limits stay off (as in the rest of the suite): thousands of requests from one address
would otherwise turn most answers into 429s and hide the operations behind them.
"""

import uuid

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from core.idempotency import KEY_HEADER

EXAMPLES_PER_OPERATION = 60
# Which filters, sorts and statuses go together depends on the registered document types
# (tests/search covers those rules); every other check still runs on these operations.
TYPE_DEPENDENT_RULES = {"/api/v1/search"}


def test_every_operation_keeps_the_contract(app, runner, admin_token):
    # Demo content makes listings, search hits and facets answer with real documents.
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {admin_token}"}
    broken = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz(operation, headers)
        except (Exception, BaseExceptionGroup) as failure:  # report every broken operation
            broken[operation.label] = str(failure)
    assert not broken, "\n\n".join(f"{label}:\n{failure}" for label, failure in broken.items())


def fuzz(operation, headers: dict) -> None:
    """Send generated requests to `operation`, checking each answer against the document."""

    @given(case=operation.as_strategy().filter(keeps_unwritten_rules))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
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
