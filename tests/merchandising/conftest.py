"""Merchandising stories: the search stories' small catalogue, and a helper for rule writes."""

import pytest

from tests.catalog.conftest import make_product, taxonomy, variant  # noqa: F401  (fixtures)
from tests.search.conftest import catalogue, now, search  # noqa: F401  (fixtures)

RULES = "/api/v1/search-rules/synonyms"
REDIRECTS = "/api/v1/search-rules/redirects"
PINS = "/api/v1/search-rules/pins"
BOOSTS = "/api/v1/search-rules/boosts"


@pytest.fixture
def add_rule(client, editor):
    """POST a synonym rule as an editor; returns the response."""

    def add(**body):
        return client.post(RULES, json={"kind": "two_way", **body}, headers=editor)

    return add


@pytest.fixture
def change_rule(client, editor):
    """PATCH (or DELETE, without `changes`) a rule with its current ETag; returns the response."""

    def change(rule_id: int, changes: dict | None = None):
        current = client.get(f"{RULES}/{rule_id}", headers=editor)
        headers = {**editor, "If-Match": current.headers["ETag"]}
        if changes is None:
            return client.delete(f"{RULES}/{rule_id}", headers=headers)
        return client.patch(f"{RULES}/{rule_id}", json=changes, headers=headers)

    return change


@pytest.fixture
def add_redirect(client, editor):
    """POST a search redirect as an editor; returns the response."""

    def add(**body):
        return client.post(REDIRECTS, json=body, headers=editor)

    return add


@pytest.fixture
def change_redirect(client, editor):
    """PATCH (or DELETE, without `changes`) a redirect with its current ETag."""

    def change(redirect_id: int, changes: dict | None = None):
        current = client.get(f"{REDIRECTS}/{redirect_id}", headers=editor)
        headers = {**editor, "If-Match": current.headers["ETag"]}
        if changes is None:
            return client.delete(f"{REDIRECTS}/{redirect_id}", headers=headers)
        return client.patch(f"{REDIRECTS}/{redirect_id}", json=changes, headers=headers)

    return change


@pytest.fixture
def add_pin(client, editor):
    """POST a pin rule as an editor (documents as (type, slug) pairs); returns the response."""

    def add(query: str, pinned=(), hidden=(), **body):
        def named(pairs):
            return [{"type": kind, "slug": slug} for kind, slug in pairs]

        payload = {"query": query, "pinned": named(pinned), "hidden": named(hidden), **body}
        return client.post(PINS, json=payload, headers=editor)

    return add


@pytest.fixture
def add_boost(client, editor):
    """POST a boost as an editor; returns the response."""

    def add(**body):
        return client.post(BOOSTS, json=body, headers=editor)

    return add


@pytest.fixture
def change_boost(client, editor):
    """PATCH (or DELETE, without `changes`) a boost with its current ETag."""

    def change(boost_id: int, changes: dict | None = None):
        current = client.get(f"{BOOSTS}/{boost_id}", headers=editor)
        headers = {**editor, "If-Match": current.headers["ETag"]}
        if changes is None:
            return client.delete(f"{BOOSTS}/{boost_id}", headers=headers)
        return client.patch(f"{BOOSTS}/{boost_id}", json=changes, headers=headers)

    return change
