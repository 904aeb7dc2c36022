"""Every bad input, sent to every write and filter, is a 4xx problem and changes nothing.

The corpus holds what an attacker tried (lone surrogates, NUL and other control characters,
bidi overrides in names, integer literals past Python's 4,300-digit limit, ids past the
databases' integer types, decimals with huge exponents, datetimes whose UTC value leaves
years 1-9999) and is sent to each field of a valid body, each filter and each id in a path.
"""

import copy
import json
from urllib.parse import quote

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.catalog.conftest import BASE_PRODUCT, TAXONOMY
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

BAD_TEXT = {
    "lone surrogate": "caf\ud800e",
    "NUL": "tap\x00water",
    "escape sequence": "tap\x1b[31mred",
    "DEL": "tap\x7f",
}
BAD_NAME_TEXT = {"bidi override": "Faucet \u202egpj.exe"}
BAD_INTEGERS = {"2^31": 2**31, "2^63": 2**63, "2^64": 2**64}
BAD_DECIMALS = {
    "tiny exponent": "1e-16384",
    "huge exponent": "1e99999",
    "not a number": "NaN",
    "infinity": "Infinity",
}
BAD_MOMENTS = {
    "before year 1 in UTC": "0001-01-01T00:00:00+14:00",
    "after 9999 in UTC": "9999-12-31T23:59:59-12:00",
}
HUGE_LITERAL = "9" * 4301
NAME_KEYS = {"name", "title", "alt", "display_name", "code"}
DECIMAL_KEYS = {"amount", "flow_rate_lpm", "flow_rate_gpm"}
MOMENT_KEYS = {"published_at"}

ARTICLE = {
    "title": "Copper climbs as smelters cut output",
    "summary": "Brass makers feel it first.",
    "body": "Copper prices rose again.\n\nBrass makers feel it **first**.",
    "tags": ["Copper"],
    "cover_image": {"url": "https://images.example.com/copper.jpg", "alt": "A copper coil"},
    "source_links": [{"url": "https://example.com/report", "title": "The report"}],
    "published_at": "2026-01-05T09:00:00Z",
}
USER = {
    "email": "new.editor@example.com",
    "display_name": "New Editor",
    "role": "editor",
    "password": "a long enough password",
}
PRODUCT = {**BASE_PRODUCT, "published_at": "2026-01-05T09:00:00Z"}
ENQUIRY = {
    "name": "Grace Plumber",
    "email": "grace@plumbing.example",
    "company": "Grace & Sons",
    "message": "Lead time?",
    "quantities": [{"finish": "chrome", "quantity": 4}],
    "website": "",
}
# (method, path, a valid body); PATCH paths are read first for their ETag.
WRITES = [
    ("POST", "/api/v1/products", PRODUCT),
    ("PATCH", "/api/v1/products/heritage", PRODUCT),
    ("POST", "/api/v1/articles", ARTICLE),
    ("PATCH", "/api/v1/articles/copper", ARTICLE),
    ("POST", "/api/v1/articles/copper/schedule", {"published_at": "2099-01-01T00:00:00Z"}),
    ("POST", "/api/v1/products/heritage/enquiries", ENQUIRY),
    ("POST", "/api/v1/users", USER),
    ("PATCH", "/api/v1/users/{editor_id}", {"display_name": "Eddie", "password": USER["password"]}),
    ("POST", "/api/v1/auth/tokens", {"email": "admin@example.com", "password": "wrong password"}),
    (
        "POST",
        "/api/v1/auth/password",
        {"current_password": ADMIN_PASSWORD, "new_password": "a long enough password"},
    ),
] + [
    (method, f"/api/v1/{section}" + ("" if method == "POST" else f"/{entries[0]['slug']}"), body)
    for section, entries in TAXONOMY.items()
    for method in ("POST", "PATCH")
    for body in [{**entries[0], "slug": f"new-{section}"}]
]
FILTERS = {
    "/api/v1/products": ["q", "min_price", "max_price"],
    "/api/v1/search": ["q", "min_price", "max_price"],
    "/api/v1/audit": ["object_id", "user_id", "since", "until"],
    "/api/v1/articles": ["q", "year", "month"],
    "/api/v1/users": ["page", "per_page"],
    "/api/v1/search/suggest": ["q", "type"],
    "/api/v1/brands": ["page", "include_archived"],
    "/api/v1/tags": ["page"],
    "/api/v1/products/heritage/history": ["page"],
    "/api/v1/enquiries": ["status", "product", "page"],
    "/news/feed.xml": ["tag"],
}
PAGE_FILTERS = {"/products": "price", "/c/kitchen-faucets": "price", "/search": "price"}
ID_PATHS = ["/api/v1/users/{}", "/api/v1/users/{}?x=1"]


def bad_variants(body):
    """(label, body) pairs: `body` with one leaf replaced by one bad value, for every leaf."""
    for path, key, value in _leaves(body):
        for label, bad in _bad_values_for(key, value).items():
            changed = copy.deepcopy(body)
            _set(changed, path, bad)
            yield f"{'.'.join(map(str, path))}: {label}", json.dumps(changed)
    yield "integer literal over 4,300 digits", json.dumps(body)[:-1] + f', "n": {HUGE_LITERAL}}}'
    yield "nested integer literal over 4,300 digits", f'{{"x": [[{HUGE_LITERAL}]]}}'


def _bad_values_for(key, value) -> dict:
    if key in MOMENT_KEYS:
        return BAD_MOMENTS
    if key in DECIMAL_KEYS:
        return BAD_DECIMALS
    if isinstance(value, bool):
        return {}
    if isinstance(value, int):
        return BAD_INTEGERS
    if isinstance(value, str):
        return {**BAD_TEXT, **(BAD_NAME_TEXT if key in NAME_KEYS else {})}
    return {}


def _leaves(node, path=()):
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key), (key if isinstance(key, str) else path[-1]), value


def _set(node, path, value):
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def database_state() -> dict:
    """Every row of every table, to compare before and after."""
    state = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        state[table.name] = sorted(map(repr, rows))
    db.session.rollback()
    return state


@pytest.fixture
def shop(app, client, admin, editor):
    """A product, an article and two users to aim the corpus at."""
    for section, entries in TAXONOMY.items():
        for entry in entries:
            assert client.post(f"/api/v1/{section}", json=entry, headers=editor).status_code == 201
    product = client.post("/api/v1/products", json={**PRODUCT, "slug": "heritage"}, headers=editor)
    assert product.status_code == 201, product.json
    article = client.post("/api/v1/articles", json={**ARTICLE, "slug": "copper"}, headers=editor)
    assert article.status_code == 201, article.json
    users = client.get("/api/v1/users", headers=admin).json["items"]
    return {"editor_id": next(u["id"] for u in users if u["role"] == "editor")}


def _quoted(value: str) -> str:
    # A lone surrogate cannot be UTF-8 encoded; a client sends its raw bytes anyway.
    return quote(value.encode("utf-8", "surrogatepass"))


def changed_tables(before: dict) -> str | None:
    """Which tables differ from `before`, said as a failure reason, or None."""
    after = database_state()
    changed = [name for name in before if after[name] != before[name]]
    return f"changed {', '.join(changed)}" if changed else None


def refused_properly(response) -> str | None:
    """Why `response` is not a clean refusal (a 4xx problem document), or None."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}"
    if response.content_type != "application/problem+json":
        return f"content type {response.content_type}"
    if response.json.get("status") != response.status_code:
        return "problem status does not match"
    return None


@pytest.mark.both_backends(reads=False)
@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_every_bad_value_in_a_write_is_refused_and_changes_nothing(
    app, client, admin, shop, method, path, body
):
    path = path.format(**shop)
    headers = {**admin, "Content-Type": "application/json"}
    if method == "PATCH" and (etag := client.get(path, headers=admin).headers.get("ETag")):
        headers["If-Match"] = etag
    with app.app_context():
        before = database_state()
        failures = {}
        for label, raw in bad_variants(body):
            response = client.open(path, method=method, data=raw, headers=headers)
            if reason := refused_properly(response) or changed_tables(before):
                failures[label] = reason
    assert not failures, failures


def test_every_bad_filter_and_id_is_refused(app, client, admin, shop):
    with app.app_context():
        before = database_state()
    values = [*BAD_TEXT.values(), *BAD_DECIMALS.values(), *BAD_MOMENTS.values()]
    values += [str(n) for n in BAD_INTEGERS.values()] + [HUGE_LITERAL]
    failures = {}
    for path, names in FILTERS.items():
        for name in names:
            for value in values:
                response = client.get(f"{path}?{name}={_quoted(value)}", headers=admin)
                if response.status_code != 200 and (reason := refused_properly(response)):
                    failures[f"{path}?{name}={value[:20]!r}"] = reason
    for path, name in PAGE_FILTERS.items():
        for value in [f"0-{v}" for v in values] + [f"{v}-1" for v in values]:
            page = f"{path}?{name}={_quoted(value)}"
            response = client.get(page, headers={"Accept": "text/html"})
            if response.status_code >= 500:
                failures[f"{path}?{name}={value[:20]!r}"] = f"status {response.status_code}"
    for template in ID_PATHS:
        for number in BAD_INTEGERS.values():
            response = client.get(template.format(number), headers=admin)
            if response.status_code != 404 or refused_properly(response):
                failures[template.format(number)] = f"status {response.status_code}"
    with app.app_context():
        assert database_state() == before
    assert not failures, failures


def test_stock_that_would_overflow_a_products_total_is_refused(app, client, admin, shop):
    variants = [
        {"sku": f"BIG-{n}", "finish": "chrome", "price": {"amount": "1.00", "currency": "USD"}}
        for n in range(3)
    ]
    body = {**PRODUCT, "slug": "big", "variants": [{**v, "stock": 10**9} for v in variants]}
    with app.app_context():
        before = database_state()
        response = client.post("/api/v1/products", json=body, headers=admin)
        assert refused_properly(response) is None, response.json
        assert set(response.json["errors"]) == {f"variants.{n}.stock" for n in range(3)}
        assert changed_tables(before) is None


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("min_price=1e-16384", "min_price=0.01"),
        ("min_price=189.001", "min_price=189.01"),
        ("max_price=189.009", "max_price=189.00"),
        ("min_price=0.000000001&max_price=219.4999", "min_price=0.01&max_price=219.49"),
    ],
)
def test_a_price_bound_finer_than_a_cent_selects_what_its_cent_would(client, shop, written, meant):
    for path in ("/api/v1/products", "/api/v1/search"):
        answer, expected = client.get(f"{path}?{written}"), client.get(f"{path}?{meant}")
        assert answer.status_code == expected.status_code == 200, answer.json
        assert answer.json["items"] == expected.json["items"]
        assert answer.json["meta"] == expected.json["meta"]


@pytest.mark.parametrize("path", ["/api/v1/products", "/api/v1/search"])
def test_equal_bounds_finer_than_a_cent_are_an_empty_range_not_an_error(client, shop, path):
    # "max_price: Not below min_price" holds here; nothing costs between the two bounds.
    answer = client.get(f"{path}?min_price=0.000001&max_price=0.000001")
    assert answer.status_code == 200, answer.json
    assert answer.json["meta"]["total"] == 0
