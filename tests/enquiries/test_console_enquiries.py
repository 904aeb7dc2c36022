"""Staff read enquiries in the console, newest first, and mark them answered or closed."""

import pytest

from tests.console.console import Console, field_error
from tests.enquiries.conftest import ENQUIRY, enquiry_url


@pytest.fixture
def asked(client, faucet) -> list[str]:
    """Two shoppers' enquiries about the faucet, sent through the API (oldest first)."""
    names = ["Grace Plumber", "Hal Builder"]
    for name in names:
        assert (
            client.post(enquiry_url(faucet["slug"]), json={**ENQUIRY, "name": name}).status_code
            == 202
        )
    return names


def rows(console: Console, path: str = "/admin/enquiries") -> list[list[str]]:
    page = console.get(path).page
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        for row in page.xpath("//table[@class='list']/tbody/tr")
    ]


def test_enquiries_are_in_the_console_menu_newest_first(editor_console, asked, faucet):
    page = editor_console.get("/admin").page
    assert "Enquiries" in page.xpath("//nav[@aria-label='Console']//a/text()")
    listed = rows(editor_console)
    assert [row[3] for row in listed] == [
        "Hal Builder Grace & Sons Plumbing",
        "Grace Plumber Grace & Sons Plumbing",
    ]
    assert {row[2] for row in listed} == {faucet["name"]}
    assert [row[4] for row in listed] == ["52", "52"]
    assert [row[5] for row in listed] == ["new", "new"]
    assert [row[6] for row in listed] == ["not yet", "not yet"]  # mail is off in the test app


def test_an_editor_reads_an_enquiry_and_marks_it_answered_then_closed(editor_console, asked):
    link = editor_console.get("/admin/enquiries").page.xpath("//tbody/tr[last()]//a/@href")[0]
    page = editor_console.get(link).page
    facts = dict(zip(page.xpath("//dl/dt/text()"), page.xpath("//dl/dd"), strict=True))
    assert facts["Name"].text_content() == "Grace Plumber"
    assert facts["Email"].text_content() == "grace@plumbing.example"
    asked = [
        [cell.text_content() for cell in row.xpath("./*")]
        for row in page.xpath("//table[@id='quantities']//tr[td]")
    ]
    assert asked == [["Chrome", "40"], ["Gunmetal", "12"], ["Total", "52"]]
    assert page.xpath("string(//*[@id='message'])") == "Do you deliver to Leeds?"

    form = page.xpath("//form[contains(@action, '/status')]")[0]
    version = form.xpath(".//input[@name='version']/@value")[0]
    saved = editor_console.post(
        form.get("action"), {"version": version, "status": "answered"}, expect=303
    )
    page = editor_console.get(saved.headers["Location"]).page
    assert "is answered now" in page.xpath("string(//*[@class='flash'])")
    assert page.xpath("string(//h1/following::span[contains(@class,'badge')][1])") == "answered"
    assert rows(editor_console, "/admin/enquiries?status=answered")[0][3].startswith("Grace")
    assert len(rows(editor_console, "/admin/enquiries?status=new")) == 1

    form = page.xpath("//form[contains(@action, '/status')]")[0]
    assert form.xpath(".//button/text()") == ["Close", "Reopen as new"]
    version = form.xpath(".//input[@name='version']/@value")[0]
    editor_console.post(form.get("action"), {"version": version, "status": "closed"}, expect=303)
    assert rows(editor_console, "/admin/enquiries?status=closed")[0][5] == "closed"


def test_two_staff_changing_the_same_enquiry_the_second_is_told_and_nothing_is_lost(
    editor_console, admin_console, asked
):
    link = editor_console.get("/admin/enquiries").page.xpath("//tbody/tr[1]//a/@href")[0]
    editor_page = editor_console.get(link).page
    admin_page = admin_console.get(link).page
    action = editor_page.xpath("//form[contains(@action, '/status')]/@action")[0]

    def version(page) -> str:
        return page.xpath("//input[@name='version']/@value")[0]

    editor_console.post(action, {"version": version(editor_page), "status": "answered"}, expect=303)
    late = admin_console.post(
        action, {"version": version(admin_page), "status": "closed"}, expect=409
    )
    assert "Someone changed this enquiry" in late.page.xpath("string(//*[@id='error-summary'])")
    assert "answered now" in late.page.xpath("string(//*[@id='error-summary'])")
    assert rows(admin_console, "/admin/enquiries?status=answered")[0][5] == "answered"


def test_a_status_the_service_does_not_know_is_refused_beside_the_buttons(editor_console, asked):
    link = editor_console.get("/admin/enquiries").page.xpath("//tbody/tr[1]//a/@href")[0]
    page = editor_console.get(link).page
    action = page.xpath("//form[contains(@action, '/status')]/@action")[0]
    version = page.xpath("//input[@name='version']/@value")[0]
    refused = editor_console.post(action, {"version": version, "status": "lost"}, expect=422)
    assert "status" in refused.page.xpath("string(//*[@id='error-summary'])")
    editor_console.post(action, {"status": "closed"}, expect=400)  # no version: a 400 page
    editor_console.post(action, {"version": version, "status": "closed"}, csrf=False, expect=400)
    assert field_error(refused.page, "status") == ""  # the summary carries it


def test_signed_out_people_see_no_enquiries(client, asked):
    response = client.get("/admin/enquiries")
    assert response.status_code == 302
    assert "/admin/sign-in" in response.headers["Location"]
    assert (
        client.get("/admin/enquiries?status=lost", headers={"Accept": "text/html"}).status_code
        == 302
    )


def test_a_bad_filter_is_a_400_page(editor_console, asked):
    editor_console.get("/admin/enquiries?status=lost", expect=400)
    editor_console.get("/admin/enquiries/999999", expect=404)
