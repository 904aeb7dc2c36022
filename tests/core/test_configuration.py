"""Operators set any setting from the environment; a value of the wrong type stops the start."""

import re
from pathlib import Path

import pytest

from app import create_app
from core import config as core_config

README = Path(__file__).resolve().parents[2] / "README.md"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_an_operator_caps_json_nesting_from_the_environment(make_app, editor, monkeypatch):
    monkeypatch.setenv("JSON_MAX_DEPTH", " 3 ")
    client = make_app().test_client()
    refused = client.post(
        "/api/v1/products", data=nested(4), content_type="application/json", headers=editor
    )
    assert refused.status_code == 400
    assert refused.json["type"] == "/problems/json-too-deep"
    assert "more than 3 levels" in refused.json["detail"]
    within = client.post(
        "/api/v1/products", data=nested(3), content_type="application/json", headers=editor
    )
    assert within.json["type"] != "/problems/json-too-deep"


def test_numbers_and_switches_from_the_environment_arrive_typed(make_app, monkeypatch):
    monkeypatch.setenv("SEARCH_LOCK_TIMEOUT", "0.5")
    monkeypatch.setenv("SEARCH_DRAIN_ON_COMMIT", "off")
    monkeypatch.setenv("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", "No")
    monkeypatch.setenv("SQLALCHEMY_ENGINE_OPTIONS", '{"pool_pre_ping": false}')
    config = make_app().config
    assert config["SEARCH_LOCK_TIMEOUT"] == 0.5
    assert config["SEARCH_DRAIN_ON_COMMIT"] is False
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is False
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False


def test_the_callers_mapping_wins_over_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("JSON_MAX_DEPTH", "3")
    monkeypatch.setenv("TOKEN_TTL_HOURS", "2")
    app = make_app(JSON_MAX_DEPTH=5)
    assert app.config["JSON_MAX_DEPTH"] == 5
    assert app.config["TOKEN_TTL_HOURS"] == 2


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("JSON_MAX_DEPTH", "deep", "a whole number"),
        ("JSON_MAX_ARRAY_ITEMS", "", "a whole number"),
        ("TOKEN_TTL_HOURS", "1.5", "a whole number"),
        ("SEARCH_DRAIN_INTERVAL", "soon", "a number"),
        ("RATELIMIT_ENABLED", "maybe", "true or false"),
        ("SQLALCHEMY_ENGINE_OPTIONS", "[1, 2]", "a JSON object"),
        ("SQLALCHEMY_ENGINE_OPTIONS", "{pool_pre_ping: true", "a JSON object"),
    ],
)
def test_a_value_of_the_wrong_type_stops_the_start_naming_the_variable(
    tmp_path, monkeypatch, variable, value, expected
):
    monkeypatch.setenv(variable, value)
    message = f"environment variable {variable} must be {expected}"
    with pytest.raises(RuntimeError, match=re.escape(message)) as refused:
        create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert repr(value) in str(refused.value)


def test_the_readme_documents_every_setting():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", README.read_text()))
    settings = set(core_config.Config.__annotations__)
    assert "JSON_MAX_DEPTH" in settings
    assert sorted(settings - documented) == []
