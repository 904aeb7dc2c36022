"""Merchandisers fix searches that find nothing by adding synonyms themselves, without a deploy."""

import pytest

from tests.catalog.conftest import variant
from tests.merchandising.conftest import RULES
from tests.search.conftest import names

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

HERITAGE = "Heritage Twin-Handle Kitchen Faucet"
ARDEN = "Arden Pull-Down Kitchen Faucet"


def test_the_trade_synonyms_are_there_on_a_fresh_install_as_rules_staff_can_edit(client, editor):
    listed = client.get(f"{RULES}?per_page=100", headers=editor).json["items"]
    groups = {tuple(rule["terms"]) for rule in listed}
    assert ("tap", "faucet") in groups
    assert ("hands free", "touch free", "touchless", "sensor") in groups
    assert {rule["status"] for rule in listed} == {"live"}


def test_a_two_way_rule_makes_shoppers_find_what_they_mean_at_once(search, catalogue, add_rule):
    assert search(q="sink spigot").json["meta"]["total"] == 0
    created = add_rule(terms=["spigot", "kitchen faucet"])
    assert created.status_code == 201, created.json
    assert created.headers["Location"].endswith(f"{RULES}/{created.json['id']}")
    assert ARDEN in names(search(q="spigot", per_page=10))
    # Two-way: the new word finds faucets, and faucets still find themselves.
    assert ARDEN in names(search(q="kitchen faucet", per_page=10))


def test_a_one_way_rule_works_one_way_only(search, catalogue, make_product, add_rule):
    make_product(name="Spigot Garden Valve", variants=[variant("SPG-1", "chrome", "9.00")])
    created = add_rule(kind="one_way", terms=["Spigot"], alternatives=["pull down"])
    assert created.status_code == 201, created.json
    assert created.json["terms"] == ["spigot"] and created.json["alternatives"] == ["pull down"]
    assert created.json["label"] == "spigot -> pull down"
    assert ARDEN in names(search(q="spigot", per_page=10))
    assert "Spigot Garden Valve" not in names(search(q="pull down", per_page=10))


def test_a_change_or_a_deletion_applies_to_the_next_search(
    search, catalogue, add_rule, change_rule
):
    rule = add_rule(terms=["spigot", "kitchen faucet"]).json
    assert ARDEN in names(search(q="spigot", per_page=10))
    changed = change_rule(rule["id"], {"terms": ["spout nozzle", "aerator"]})
    assert changed.status_code == 200, changed.json
    assert changed.json["version"] == rule["version"] + 1
    assert search(q="spigot").json["meta"]["total"] == 0
    assert change_rule(rule["id"]).status_code == 204
    assert search(q="spigot").json["meta"]["total"] == 0


def test_a_draft_applies_only_in_the_preview_until_it_is_published(
    client, search, catalogue, editor, add_rule, change_rule
):
    draft = add_rule(terms=["spigot", "kitchen faucet"], status="draft").json
    assert search(q="spigot").json["meta"]["total"] == 0  # shoppers see no draft
    preview = client.get("/api/v1/search-rules/preview?q=spigot", headers=editor)
    assert preview.status_code == 200, preview.json
    assert preview.json["live"]["total"] == 0
    titles = [hit["title"] for hit in preview.json["draft"]["hits"]]
    assert ARDEN in titles and HERITAGE in titles
    assert change_rule(draft["id"], {"status": "live"}).status_code == 200
    assert ARDEN in names(search(q="spigot", per_page=10))


def test_rules_are_staff_only_and_every_change_is_audited(client, admin, add_rule, change_rule):
    assert client.get(RULES).status_code == 401
    assert client.post(RULES, json={"kind": "two_way", "terms": ["a1", "b1"]}).status_code == 401
    assert client.get("/api/v1/search-rules/preview?q=tap").status_code == 401
    rule = add_rule(terms=["spigot", "faucets outlet"]).json
    change_rule(rule["id"], {"terms": ["spigot", "spout"]})
    change_rule(rule["id"])
    log = client.get("/api/v1/audit?object_type=synonym_rule", headers=admin)
    assert log.status_code == 200, log.json
    actions = [entry["action"] for entry in log.json["items"] if entry["object_id"] == rule["id"]]
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_change_without_the_current_etag_is_refused(client, editor, add_rule):
    rule = add_rule(terms=["spigot", "faucet outlet"]).json
    url = f"{RULES}/{rule['id']}"
    assert client.patch(url, json={"terms": ["a1", "b1"]}, headers=editor).status_code == 428
    stale = client.patch(url, json={"terms": ["a1", "b1"]}, headers={**editor, "If-Match": '"x"'})
    assert stale.status_code == 412
    assert client.get(url, headers=editor).json["terms"] == ["spigot", "faucet outlet"]


def test_a_rule_saved_through_one_worker_applies_on_the_others_at_once(
    app, make_app, catalogue, add_rule, change_rule
):
    other = make_app(SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"]).test_client()

    def found_elsewhere(text: str) -> list[str]:
        response = other.get("/api/v1/search", query_string={"q": text, "per_page": 10})
        assert response.status_code == 200, response.json
        return names(response)

    assert found_elsewhere("spigot") == []  # the other worker has built its rules by now
    rule = add_rule(terms=["spigot", "kitchen faucet"]).json
    assert ARDEN in found_elsewhere("spigot")
    change_rule(rule["id"])
    assert found_elsewhere("spigot") == []


def test_staff_find_the_rules_that_name_a_term(client, editor, add_rule):
    add_rule(terms=["spigot", "kitchen faucet"])
    add_rule(kind="one_way", terms=["bibcock"], alternatives=["spigot"], status="draft")
    named = client.get(f"{RULES}?term=Spigot", headers=editor).json["items"]
    assert [rule["label"] for rule in named] == ["spigot = kitchen faucet", "bibcock -> spigot"]
    drafts = client.get(f"{RULES}?term=spigot&status=draft", headers=editor).json["items"]
    assert [rule["label"] for rule in drafts] == ["bibcock -> spigot"]
    assert client.get(f"{RULES}?term=100%25", headers=editor).json["items"] == []


def test_a_word_a_rule_names_is_not_corrected_into_another(search, catalogue, add_rule):
    assert search(q="garden").json["suggestion"] == "arden"  # one letter from a brand's name
    add_rule(kind="one_way", terms=["garden"], alternatives=["kitchen faucet"])
    found = search(q="garden", per_page=10)
    assert found.json["suggestion"] is None
    assert HERITAGE in names(found) and ARDEN in names(found)


def test_every_rule_endpoint_is_described_in_the_api_document(client):
    paths = client.get("/api/openapi.json").json["paths"]
    rule_paths = {path: ops for path, ops in paths.items() if "/search-rules/" in path}
    assert len(rule_paths) == 9  # four kinds, each a collection and items, and the preview
    for path, operations in rule_paths.items():
        for method, operation in operations.items():
            if method != "parameters":
                assert operation.get("summary"), (path, method)
                assert "401" in operation["responses"], (path, method)


def test_every_kind_of_rule_is_audited_and_needs_the_current_etag(
    client, admin, editor, catalogue, add_redirect, add_pin, add_boost
):
    melange = ("product", catalogue["melange"]["slug"])
    made = {
        "search_redirect": ("redirects", add_redirect(query="returns", target="/news")),
        "search_pin": ("pins", add_pin("faucet", pinned=[melange])),
        "search_boost": ("boosts", add_boost(attribute="in_stock", weight=3)),
    }
    for object_type, (path, response) in made.items():
        assert response.status_code == 201, response.json
        url = f"/api/v1/search-rules/{path}/{response.json['id']}"
        assert client.delete(url, headers=editor).status_code == 428
        stale = client.delete(url, headers={**editor, "If-Match": '"stale"'})
        assert stale.status_code == 412
        current = client.get(url, headers=editor).headers["ETag"]
        assert client.delete(url, headers={**editor, "If-Match": current}).status_code == 204
        log = client.get(f"/api/v1/audit?object_type={object_type}", headers=admin).json
        assert sorted(entry["action"] for entry in log["items"]) == ["create", "delete"]


def test_a_rule_is_for_the_catalogue_s_language_unless_another_is_given(make_app, editor):
    french = make_app(CATALOGUE_LANGUAGE="fr").test_client()
    made = french.post(RULES, json={"kind": "two_way", "terms": ["robinet", "mitigeur"]},
                       headers=editor)  # fmt: skip
    assert made.status_code == 201, made.json
    assert made.json["language"] == "fr"
    given = french.post(RULES, json={"kind": "two_way", "terms": ["spigot", "bibcock"],
                                     "language": "en"}, headers=editor)  # fmt: skip
    assert given.json["language"] == "en"
