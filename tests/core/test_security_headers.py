"""Browsers get headers that stop sniffing, framing and leaks; hostile bodies are turned away."""

import base64
import hashlib
import re

import pytest

SHOP = "https://shop.example.com"


@pytest.mark.parametrize("path", ["/api/v1/brands", "/api/v1/nothing-here", "/api/openapi.json"])
def test_every_response_forbids_sniffing_framing_and_referrers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https_and_through_a_trusted_proxy_only(client, make_app):
    assert (
        "max-age="
        in client.get("/healthz", base_url="https://localhost").headers["Strict-Transport-Security"]
    )
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in client.get("/healthz", headers=forwarded).headers
    behind_proxy = make_app(TRUSTED_PROXIES=1).test_client()
    assert "Strict-Transport-Security" in behind_proxy.get("/healthz", headers=forwarded).headers


def test_the_api_docs_load_swagger_ui_from_the_app_itself_and_nothing_else(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page.headers["Content-Security-Policy"].split(";")
    )
    inline = re.search(rb"<script>(.*?)</script>", page.data, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(inline).digest()).decode()
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'none'"
    files = re.findall(rb'(?:src|href)="([^"]+\.(?:js|css))"', page.data)
    assert len(files) >= 3
    for url in files:
        assert url.startswith(b"/api/docs/swagger-ui/"), url
        served = client.get(url.decode())
        assert served.status_code == 200 and len(served.get_data()) > 1000
        served.close()


def test_a_deployment_may_take_swagger_ui_from_a_cdn_instead(make_app):
    cdn = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/"
    page = make_app(OPENAPI_SWAGGER_UI_URL=cdn).test_client().get("/api/docs")
    assert f'src="{cdn}swagger-ui-bundle.js"'.encode() in page.data
    policy = page.headers["Content-Security-Policy"]
    assert "script-src https://cdn.jsdelivr.net 'sha256-" in policy
    assert "style-src https://cdn.jsdelivr.net;" in policy


def test_cross_origin_calls_are_refused_unless_the_origin_is_configured(client, make_app):
    assert (
        "Access-Control-Allow-Origin"
        not in client.get("/api/v1/brands", headers={"Origin": SHOP}).headers
    )
    shop_api = make_app(CORS_ORIGINS=f"{SHOP}, https://admin.example.com").test_client()
    allowed = shop_api.get("/api/v1/brands", headers={"Origin": SHOP})
    assert allowed.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in allowed.headers["Vary"]
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    for stranger in ("https://shopXexample.com", "https://evil.example", "null"):
        refused = shop_api.get("/api/v1/brands", headers={"Origin": stranger})
        assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = shop_api.options(
        "/api/v1/products/some-faucet",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, If-Match, Content-Type",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == SHOP
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    assert "if-match" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_a_body_over_the_size_limit_is_refused_with_a_problem(make_app, editor):
    client = make_app(MAX_CONTENT_LENGTH=2048).test_client()
    response = client.post("/api/v1/brands", json={"name": "x" * 4096}, headers=editor)
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deeply_nested_json_is_refused_before_any_view_parses_it(client, editor, depth):
    body = "[" * depth + "]" * depth
    response = client.post(
        "/api/v1/products", data=body, content_type="application/json", headers=editor
    )
    assert response.status_code == 400
    assert response.json["type"] == "/problems/json-too-deep"


def test_huge_arrays_are_refused_and_ordinary_bodies_pass(client, editor):
    huge = {"name": "Tap", "certifications": ["wras"] * 1001}
    refused = client.post("/api/v1/products", json=huge, headers=editor)
    assert refused.status_code == 413
    assert refused.json["type"] == "/problems/json-array-too-long"
    nested_strings = {"name": "[[[[" * 10 + '"' + "{{{{" * 10, "slug": "brackets-in-text"}
    assert client.post("/api/v1/brands", json=nested_strings, headers=editor).status_code == 201
    at_the_limit = {"name": "Tap", "certifications": ["wras"] * 1000}
    assert client.post("/api/v1/products", json=at_the_limit, headers=editor).status_code == 422
