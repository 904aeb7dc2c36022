"""A shopper requests a quote from the product page without JavaScript: a plain form POST."""

import lxml.html

from enquiries.mail import wait_for_mail
from tests.console.console import BROWSER_ACCEPT
from tests.enquiries.conftest import STAFF_ADDRESSES

HTML = {"Accept": BROWSER_ACCEPT}
FILLED = {
    "name": "Grace Plumber",
    "email": "grace@plumbing.example",
    "company": "Grace & Sons Plumbing",
    "quantity-chrome": "40",
    "quantity-gunmetal": "",
    "message": "Do you deliver to Leeds?",
    "website": "",
}


def open_page(client, slug: str):
    response = client.get(f"/p/{slug}", headers=HTML)
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def form_of(page) -> dict:
    """The enquiry form's fields as the page gives them (its token included)."""
    (form,) = page.xpath("//form[@data-enquiry-form]")
    return dict(form.form_values())


def send(client, slug: str, fields: dict, headers: dict | None = None):
    page = open_page(client, slug)
    action = page.xpath("//form[@data-enquiry-form]/@action")[0].split("#")[0]
    data = {**form_of(page), **fields}
    return client.post(action, data=data, headers={**HTML, **(headers or {})})


def parsed(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_the_product_page_offers_a_labelled_quote_form_with_a_quantity_per_finish(client, faucet):
    page = open_page(client, faucet["slug"])
    (section,) = page.xpath("//section[@id='enquiry']")
    assert section.xpath("string(.//h2)") == "Request a quote"
    labels = [" ".join(label.text_content().split()) for label in section.xpath(".//label")]
    assert labels[:5] == ["Your name", "Email", "Company (optional)", "Chrome", "Gunmetal"]
    for field in section.xpath(".//input[@type!='hidden'] | .//textarea"):
        assert section.xpath(".//label[@for=$id]", id=field.get("id")), field.get("name")
    (trap,) = section.xpath(".//div[@class='trap']")
    assert trap.get("aria-hidden") == "true"
    assert trap.xpath(".//input/@tabindex") == ["-1"]


def test_a_shopper_sends_the_form_and_lands_on_a_thank_you_page(client, faucet, editor):
    sent = send(client, faucet["slug"], FILLED)
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith(f"/p/{faucet['slug']}/enquiry/sent")
    thanks = client.get(sent.headers["Location"], headers=HTML)
    assert thanks.status_code == 200
    page = parsed(thanks)
    assert page.xpath("string(//h1)") == "Thank you for your enquiry"
    assert faucet["name"] in page.xpath("string(//main)")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
    (item,) = client.get("/api/v1/enquiries", headers=editor).json["items"]
    assert [(q["finish"]["slug"], q["quantity"]) for q in item["quantities"]] == [("chrome", 40)]
    assert item["message"] == "Do you deliver to Leeds?"


def test_mistakes_come_back_beside_their_fields_with_what_was_typed(client, faucet, editor):
    typed = {**FILLED, "email": "grace at plumbing", "quantity-gunmetal": "lots", "name": ""}
    again = send(client, faucet["slug"], typed)
    assert again.status_code == 422
    page = parsed(again)
    assert page.xpath("//*[@id='enquiry-errors']/@role") == ["alert"]
    for field in ("name", "email", "quantity-gunmetal"):
        (box,) = page.xpath("//*[@id=$id]", id=f"enquiry-{field}")
        assert box.get("aria-invalid") == "true"
        assert page.xpath("string(//*[@id=$id])", id=f"enquiry-{field}-error").strip()
    assert "Not a valid email address." in page.xpath("string(//*[@id='enquiry-email-error'])")
    values = form_of(page)
    assert values["email"] == "grace at plumbing"
    assert values["quantity-chrome"] == "40"
    assert values["message"] == "Do you deliver to Leeds?"
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 0

    nothing = {**FILLED, "quantity-chrome": "", "message": ""}
    refused = parsed(send(client, faucet["slug"], nothing))
    assert "at least one finish" in refused.xpath("string(//*[@id='enquiry-message-error'])")


def test_a_form_sent_from_another_site_or_without_its_token_stores_nothing(client, faucet, editor):
    forged = send(client, faucet["slug"], FILLED, headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 400
    assert "another site" in parsed(forged).xpath("string(//*[@id='enquiry-errors'])")
    from_elsewhere = send(
        client, faucet["slug"], FILLED, headers={"Origin": "https://evil.example"}
    )
    assert from_elsewhere.status_code == 400
    stale = send(client, faucet["slug"], {**FILLED, "form_token": "expired"})
    assert stale.status_code == 400
    page = parsed(stale)
    assert "open too long" in page.xpath("string(//*[@id='enquiry-errors'])")
    assert form_of(page)["name"] == "Grace Plumber"  # kept, to send again at once
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 0
    again = client.post(
        f"/p/{faucet['slug']}/enquiry", data={**form_of(page), **FILLED}, headers=HTML
    )
    assert again.status_code == 303


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, faucet, editor):
    sent = send(client, faucet["slug"], {**FILLED, "website": "https://spam.example"})
    assert sent.status_code == 303
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 0


def test_a_draft_has_no_form_to_send(client, draft_faucet):
    missing = client.post(f"/p/{draft_faucet['slug']}/enquiry", data=FILLED, headers=HTML)
    assert missing.status_code == 404
    assert missing.mimetype == "text/html"
    assert parsed(missing).xpath("string(//h1)") == "We can't find that page"


def test_too_many_enquiries_from_one_address_get_a_friendly_page(make_app, faucet):
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_ENQUIRIES="1 per hour").test_client()
    assert send(client, faucet["slug"], FILLED).status_code == 303
    refused = send(client, faucet["slug"], FILLED)
    assert refused.status_code == 429
    assert refused.mimetype == "text/html"
    page = parsed(refused)
    assert page.xpath("string(//h1)") == "Please wait a little"
    assert "Retry in" in page.xpath("string(//main)")
    # The page and the API share the budget.
    api = client.post(f"/api/v1/products/{faucet['slug']}/enquiries", json={"name": "x"})
    assert api.status_code == 429


def test_the_page_form_also_emails_staff(make_app, faucet, inbox, mail_settings):
    app = make_app(**mail_settings(inbox.port))
    assert send(app.test_client(), faucet["slug"], FILLED).status_code == 303
    assert wait_for_mail(app)
    (message,) = inbox.wait_for(1)
    assert "Chrome: 40" in message.get_content()
    assert STAFF_ADDRESSES.split(",")[0] in message["To"]
