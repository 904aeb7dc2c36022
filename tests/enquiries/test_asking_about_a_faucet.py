"""A shopper asks about a faucet through the API; staff list, read and answer the enquiries."""

from tests.catalog.conftest import variant
from tests.conftest import if_match_now
from tests.enquiries.conftest import ENQUIRY, enquiry_url


def test_a_shopper_asks_for_a_quote_and_staff_see_it_with_its_quantities(client, faucet, editor):
    sent = client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert sent.status_code == 202, sent.json
    assert sent.json["received"] is True
    assert "reply by email" in sent.json["detail"]
    assert "email" not in sent.json  # nothing staff-only goes back

    listed = client.get("/api/v1/enquiries", headers=editor)
    assert listed.status_code == 200
    assert listed.json["meta"]["total"] == 1
    (item,) = listed.json["items"]
    assert item["product"] == {"slug": faucet["slug"], "name": faucet["name"]}
    assert (item["name"], item["email"], item["company"]) == (
        "Grace Plumber",
        "grace@plumbing.example",
        "Grace & Sons Plumbing",
    )
    assert [(line["finish"]["name"], line["quantity"]) for line in item["quantities"]] == [
        ("Chrome", 40),
        ("Gunmetal", 12),
    ]
    assert item["total_quantity"] == 52
    assert item["status"] == "new"
    assert item["notified_at"] is None  # mail is off in the test app
    one = client.get(f"/api/v1/enquiries/{item['id']}", headers=editor)
    assert one.json["reference"] == f"E-{item['id']:06d}"


def test_staff_mark_an_enquiry_answered_with_if_match_and_it_is_in_the_audit_log(
    client, faucet, editor, admin
):
    client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    item = client.get("/api/v1/enquiries", headers=editor).json["items"][0]
    url = f"/api/v1/enquiries/{item['id']}"

    without = client.patch(url, json={"status": "answered"}, headers=editor)
    assert without.status_code == 428
    stale = {**editor, "If-Match": '"not-what-you-read"'}
    assert client.patch(url, json={"status": "answered"}, headers=stale).status_code == 412

    answered = client.patch(
        url, json={"status": "answered"}, headers=if_match_now(client, url, editor)
    )
    assert answered.status_code == 200, answered.json
    assert answered.json["status"] == "answered"
    assert client.get(url, headers=editor).headers["ETag"] == answered.headers["ETag"]

    log = client.get("/api/v1/audit", query_string={"object_type": "enquiry"}, headers=admin).json[
        "items"
    ]
    assert [entry["action"] for entry in log] == ["update", "create"]
    assert log[0]["actor"] == "editor@example.com"
    assert log[0]["changes"] == {"status": {"from": "new", "to": "answered"}}
    # The shopper's own words stay in the enquiry, not copied into the log.
    assert log[1]["changes"]["email"] == {"from": None, "to": "(secret)"}


def test_staff_filter_enquiries_by_status_and_product_newest_first(
    client, faucet, make_product, editor
):
    other = make_product(
        name="Arc Basin Mixer", slug="arc-basin-mixer", variants=[variant("ARC-CH", "chrome", "99")]
    )
    for slug, name in (
        (faucet["slug"], "First"),
        (other["slug"], "Second"),
        (faucet["slug"], "Third"),
    ):
        body = {**ENQUIRY, "name": name, "quantities": [{"finish": "chrome", "quantity": 2}]}
        assert client.post(enquiry_url(slug), json=body).status_code == 202
    names = lambda **args: [  # noqa: E731
        item["name"]
        for item in client.get("/api/v1/enquiries", query_string=args, headers=editor).json["items"]
    ]
    assert names() == ["Third", "Second", "First"]
    assert names(product=faucet["slug"]) == ["Third", "First"]
    first = client.get("/api/v1/enquiries", headers=editor).json["items"][-1]
    url = f"/api/v1/enquiries/{first['id']}"
    client.patch(url, json={"status": "closed"}, headers=if_match_now(client, url, editor))
    assert names(status="closed") == ["First"]
    assert names(status="new", per_page=1) == ["Third"]
    bad = client.get("/api/v1/enquiries?status=lost", headers=editor)
    assert bad.status_code == 422 and "query.status" in bad.json["errors"]


def test_shoppers_cannot_read_enquiries(client, faucet):
    client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert client.get("/api/v1/enquiries").status_code == 401
    assert client.get("/api/v1/enquiries/1").status_code == 401


def test_a_draft_an_unknown_or_an_archived_product_takes_no_enquiries(
    client, draft_faucet, faucet, editor
):
    for slug in (draft_faucet["slug"], "no-such-faucet"):
        refused = client.post(enquiry_url(slug), json=ENQUIRY)
        assert refused.status_code == 404
        assert refused.content_type == "application/problem+json"
    url = f"/api/v1/products/{faucet['slug']}"
    client.delete(url, headers=if_match_now(client, url, editor))
    assert client.post(enquiry_url(faucet["slug"]), json=ENQUIRY).status_code == 404
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 0


def test_wrong_input_is_refused_field_by_field_and_nothing_is_stored(client, faucet, editor):
    cases = [
        ({"email": "not an address"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"message": "x" * 5001}, "message"),
        ({"quantities": [{"finish": "chrome", "quantity": -1}]}, "quantities.0.quantity"),
        ({"quantities": [{"finish": "chrome", "quantity": 100_001}]}, "quantities.0.quantity"),
        ({"quantities": [{"finish": "chrome", "quantity": "ten"}]}, "quantities.0.quantity"),
        ({"quantities": [{"finish": "matte-black", "quantity": 3}]}, "quantities.0.finish"),
        (
            {
                "quantities": [
                    {"finish": "chrome", "quantity": 3},
                    {"finish": "chrome", "quantity": 1},
                ]
            },
            "quantities.1.finish",
        ),
        ({"quantities": [], "message": "  "}, "message"),
        ({"quantities": [{"finish": "chrome", "quantity": 0}], "message": ""}, "message"),
    ]
    for change, field in cases:
        refused = client.post(enquiry_url(faucet["slug"]), json={**ENQUIRY, **change})
        assert refused.status_code == 422, (change, refused.json)
        assert refused.content_type == "application/problem+json"
        assert field in refused.json["errors"], (change, refused.json)
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 0


def test_a_message_alone_or_quantities_alone_are_enough(client, faucet, editor):
    only_message = {"name": "Ann", "email": "ann@example.com", "message": "Lead time?"}
    only_quantity = {
        "name": "Bob",
        "email": "bob@example.com",
        "quantities": [{"finish": "gunmetal", "quantity": 5}, {"finish": "chrome", "quantity": 0}],
    }
    for body in (only_message, only_quantity):
        assert client.post(enquiry_url(faucet["slug"]), json=body).status_code == 202
    items = client.get("/api/v1/enquiries", headers=editor).json["items"]
    assert [(i["name"], i["total_quantity"], i["company"]) for i in items] == [
        ("Bob", 5, None),
        ("Ann", 0, None),
    ]
    assert [line["finish"]["slug"] for line in items[0]["quantities"]] == ["gunmetal"]


def test_a_robot_filling_the_honeypot_is_answered_alike_and_nothing_is_stored(
    client, faucet, editor, caplog
):
    caplog.set_level("INFO", logger="enquiries")
    trapped = client.post(
        enquiry_url(faucet["slug"]), json={**ENQUIRY, "website": "https://cheap-pills.example"}
    )
    person = client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert trapped.status_code == person.status_code == 202
    assert trapped.json == person.json
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 1
    assert "honeypot" in caplog.text


def test_a_shopper_sending_too_many_enquiries_is_refused_with_a_problem(make_app, faucet):
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_ENQUIRIES="2 per hour").test_client()
    for _ in range(2):
        assert client.post(enquiry_url(faucet["slug"]), json=ENQUIRY).status_code == 202
    refused = client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert refused.status_code == 429
    assert refused.content_type == "application/problem+json"
    assert refused.json["type"] == "/problems/rate-limited"
    assert int(refused.headers["Retry-After"]) >= 1
    elsewhere = client.post(
        enquiry_url(faucet["slug"]), json=ENQUIRY, environ_base={"REMOTE_ADDR": "127.0.0.2"}
    )
    assert elsewhere.status_code == 202


def test_a_product_with_enquiries_is_archived_but_not_destroyed(client, faucet, admin):
    client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    url = f"/api/v1/products/{faucet['slug']}"
    destroyed = client.delete(f"{url}?hard=true", headers=if_match_now(client, url, admin))
    assert destroyed.status_code == 409
    assert destroyed.content_type == "application/problem+json"
    assert client.get(url, headers=admin).status_code == 200
    assert client.get("/api/v1/enquiries", headers=admin).json["meta"]["total"] == 1
