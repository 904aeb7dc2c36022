"""Merchandising stories: the search stories' small catalogue, and helpers for rule writes."""

import pytest

from tests.catalog.conftest import make_product, taxonomy, variant  # noqa: F401  (fixtures)
from tests.search.conftest import catalogue, now, search  # noqa: F401  (fixtures)

RULES = "/api/v1/search-rules/synonyms"
REDIRECTS = "/api/v1/search-rules/redirects"
PINS = "/api/v1/search-rules/pins"
BOOSTS = "/api/v1/search-rules/boosts"


def poster(client, headers: dict, url: str, **defaults):
    """POST a body (over `defaults`) to `url` with `headers`; returns the response."""

    def add(**body):
        return client.post(url, json={**defaults, **body}, headers=headers)

    return add


def changer(client, headers: dict, url: str):
    """PATCH `changes` to (or, without them, DELETE) the rule `rule_id` under `url`, with its
    current ETag; returns the response."""

    def change(rule_id: int, changes: dict | None = None):
        current = client.get(f"{url}/{rule_id}", headers=headers)
        conditional = {**headers, "If-Match": current.headers["ETag"]}
        if changes is None:
            return client.delete(f"{url}/{rule_id}", headers=conditional)
        return client.patch(f"{url}/{rule_id}", json=changes, headers=conditional)

    return change


@pytest.fixture
def add_rule(client, editor):
    """POST a synonym rule (two-way unless said) as an editor."""
    return poster(client, editor, RULES, kind="two_way")


@pytest.fixture
def change_rule(client, editor):
    """Change or delete a synonym rule as an editor."""
    return changer(client, editor, RULES)


@pytest.fixture
def add_redirect(client, editor):
    """POST a search redirect as an editor."""
    return poster(client, editor, REDIRECTS)


@pytest.fixture
def change_redirect(client, editor):
    """Change or delete a search redirect as an editor."""
    return changer(client, editor, REDIRECTS)


@pytest.fixture
def add_boost(client, editor):
    """POST a boost as an editor."""
    return poster(client, editor, BOOSTS)


@pytest.fixture
def change_boost(client, editor):
    """Change or delete a boost as an editor."""
    return changer(client, editor, BOOSTS)


@pytest.fixture
def add_pin(client, editor):
    """POST a pin rule as an editor, its documents given as (type, slug) pairs."""
    add = poster(client, editor, PINS)

    def pin(query: str, pinned=(), hidden=(), **body):
        def named(pairs):
            return [{"type": kind, "slug": slug} for kind, slug in pairs]

        return add(query=query, pinned=named(pinned), hidden=named(hidden), **body)

    return pin
