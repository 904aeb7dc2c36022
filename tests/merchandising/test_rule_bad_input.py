"""Rules that cannot work, or would loop, are refused with a message a merchandiser understands;
nothing half-written is left behind."""

import pytest

from tests.merchandising.conftest import RULES


def messages(response) -> str:
    """Every field message of a problem document, joined."""
    assert response.status_code == 422, response.json
    return " ".join(" ".join(found) for found in response.json["errors"].values())


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"terms": ["spigot"]}, "at least two terms"),
        ({"terms": [".*", "spigot"]}, "“.*” has no searchable word"),
        ({"terms": ["the", "spigot"]}, "“the” has no searchable word"),
        ({"terms": ["spigot", "Spigots"]}, "means the same as “spigot”"),
        ({"terms": ["one two three four five", "spigot"]}, "more than 4 words"),
        ({"terms": ["spigot", "nozzle"], "alternatives": ["spout"]}, "Only one-way rules"),
        ({"kind": "one_way", "terms": ["spigot"]}, "at least one alternative"),
        ({"kind": "one_way", "terms": ["spigot"], "alternatives": ["spigots"]}, "its own"),
        ({"kind": "sideways", "terms": ["a1", "b1"]}, "Must be one of"),
        ({"terms": ["spigot", "nozzle"], "language": "english"}, "two-letter language"),
        ({"terms": ["spigot", "x" * 61]}, "between 1 and 60"),
    ],
)
def test_a_rule_that_cannot_work_is_refused_and_says_why(add_rule, client, editor, body, said):
    before = client.get(RULES, headers=editor).json["meta"]["total"]
    assert said in messages(add_rule(**body))
    assert client.get(RULES, headers=editor).json["meta"]["total"] == before


def test_a_group_of_ten_thousand_words_is_refused(client, editor, add_rule):
    words = [f"word{number}" for number in range(10_000)]
    response = client.post(RULES, json={"kind": "two_way", "terms": words}, headers=editor)
    assert response.status_code == 413  # refused before it is even parsed
    assert response.json["detail"] == "A JSON array in the body has more than 1000 items."
    assert "Give 1 to 20 terms." in messages(add_rule(terms=words[:21]))


def test_a_term_in_two_two_way_rules_is_refused_naming_the_other(add_rule, client, editor):
    said = messages(add_rule(terms=["spigot", "Faucets"]))
    assert "“faucets” is already in the two-way rule “tap = faucet”" in said


def test_one_way_rules_that_loop_are_refused(add_rule):
    assert add_rule(kind="one_way", terms=["spigot"], alternatives=["nozzle"]).status_code == 201
    assert add_rule(kind="one_way", terms=["nozzle"], alternatives=["spout"]).status_code == 201
    # spout -> spigot would close spigot -> nozzle -> spout -> spigot.
    said = messages(add_rule(kind="one_way", terms=["spout"], alternatives=["spigot"]))
    assert "“spigot” already leads back to “spout”" in said
    assert "spigot -> nozzle" in said
    # Chains that do not come back are fine: each rule applies one step only.
    assert add_rule(kind="one_way", terms=["spout"], alternatives=["aerator"]).status_code == 201


def test_a_change_that_breaks_a_rule_changes_nothing(add_rule, change_rule, client, editor):
    rule = add_rule(terms=["spigot", "nozzle"]).json
    assert "at least one alternative" in messages(change_rule(rule["id"], {"kind": "one_way"}))
    assert "already in the two-way rule" in messages(
        change_rule(rule["id"], {"terms": ["spigot", "tap"]})
    )
    kept = client.get(f"{RULES}/{rule['id']}", headers=editor).json
    assert (kept["kind"], kept["terms"], kept["version"]) == ("two_way", ["spigot", "nozzle"], 1)


def test_regex_and_query_syntax_in_terms_is_plain_words(search, catalogue, add_rule):
    created = add_rule(terms=["(spigot|nozzle)+", "kitchen faucet"])
    assert created.status_code == 201, created.json
    assert created.json["terms"] == ["spigot nozzle", "kitchen faucet"]
    assert search(q="spigot nozzle").json["meta"]["total"] >= 1
    assert search(q="(spigot|nozzle)+ status:draft").status_code == 200
