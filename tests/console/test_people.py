"""Admins manage people in the console: create staff, change roles, disable, sign out; editors
cannot. What changed is checked through the users API or by signing in as the person."""

from core.auth.models import User
from core.auth.services import find_user_by_email
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD
from tests.console.conftest import ADMIN_EMAIL, EDITOR_EMAIL
from tests.console.console import (
    Console,
    count_rows,
    field_error,
    location_path,
    replaced,
    text_of,
)

NEW_EMAIL = "nora@example.com"
NEW_PASSWORD = "a long enough password"
NEW_PERSON = {
    "email": NEW_EMAIL,
    "display_name": "Nora Newcomer",
    "role": "editor",
    "password": NEW_PASSWORD,
    "password_confirmation": NEW_PASSWORD,
}


def person_id(app, email: str) -> int:
    """The id of the user with `email`, read directly."""
    with app.app_context():
        user = find_user_by_email(email)
        assert user is not None, email
        return user.id


def user_in_api(app, headers: dict, user_id: int) -> dict:
    """The user as the JSON API shows it to an admin."""
    response = app.test_client().get(f"/api/v1/users/{user_id}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def token_for(app, email: str, password: str) -> str:
    """A fresh API token for `email`."""
    response = app.test_client().post(
        "/api/v1/auth/tokens", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.json
    return response.json["token"]


def me_in_api(app, token: str):
    """GET /api/v1/auth/me with `token`."""
    return app.test_client().get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})


def signed_in_as(app, email: str, password: str, user_agent: str = "") -> Console:
    """Someone signed in to the console in a browser of their own."""
    console = Console(app.test_client())
    if user_agent:
        console.client.environ_base["HTTP_USER_AGENT"] = user_agent
    console.sign_in(email, password)
    return console


def row_of(page, email: str) -> list[str]:
    """The cells of the People list's row for `email`, as text."""
    rows = page.xpath("//tr[td[2]=$email]", email=email)
    assert len(rows) == 1, email
    return [" ".join(cell.text_content().split()) for cell in rows[0].xpath("td")]


def test_editors_get_the_403_page_for_every_people_url_and_nothing_changes(
    app, editor_console, admin
):
    eddie = person_id(app, EDITOR_EMAIL)
    ada = person_id(app, ADMIN_EMAIL)
    for path in ("/admin/people", "/admin/people/new", f"/admin/people/{ada}"):
        page = editor_console.get(path, expect=403).page
        assert "Not for your role" in text_of(page)
    editor_console.post("/admin/people/new", NEW_PERSON, expect=403)
    own_form = [("display_name", "Eddie"), ("role", "admin"), ("is_active", "true")]
    editor_console.post(f"/admin/people/{eddie}", own_form, expect=403)
    admin_session = signed_in_as(app, ADMIN_EMAIL, ADMIN_PASSWORD)
    editor_console.post(f"/admin/people/{ada}/sessions/end", {}, expect=403)

    assert count_rows(app, User) == 3  # Ada, Eddie and the API fixture's admin
    assert user_in_api(app, admin, eddie)["role"] == "editor"
    admin_session.get("/admin/people")  # the admin is still signed in


def test_an_admin_creates_an_editor_who_can_then_sign_in(app, admin_console):
    admin_console.get("/admin/people/new")
    response = admin_console.post("/admin/people/new", NEW_PERSON, expect=303)
    page = admin_console.get(location_path(response)).page
    assert "Created Nora Newcomer (editor)" in text_of(page)

    listing = admin_console.get("/admin/people").page
    assert row_of(listing, NEW_EMAIL)[:6] == [
        "Nora Newcomer",
        NEW_EMAIL,
        "editor",
        "active",
        "0",
        "never",
    ]
    nora = signed_in_as(app, NEW_EMAIL, NEW_PASSWORD)
    assert "Nora Newcomer (editor)" in text_of(nora.get("/admin").page)
    nora.get("/admin/people", expect=403)


def test_a_create_form_sent_twice_creates_one_person(app, admin_console):
    form = admin_console.get("/admin/people/new").page.xpath("//form[@class='editor']")[0]
    submission = form.xpath(".//input[@name='submission']/@value")[0]
    sent = {**NEW_PERSON, "submission": submission}
    first = admin_console.post("/admin/people/new", sent, expect=303)
    again = admin_console.post("/admin/people/new", sent, expect=303)
    assert location_path(again) == location_path(first)
    assert count_rows(app, User) == 3


def test_a_role_change_to_admin_shows_in_the_api(app, admin_console, admin):
    eddie = person_id(app, EDITOR_EMAIL)
    path = f"/admin/people/{eddie}"
    response = admin_console.post(
        path, replaced(admin_console.form_values(path), role="admin"), expect=303
    )
    assert "role now admin" in text_of(admin_console.get(location_path(response)).page)
    assert user_in_api(app, admin, eddie)["role"] == "admin"
    eddie_console = signed_in_as(app, EDITOR_EMAIL, EDITOR_PASSWORD)
    eddie_console.get("/admin/people")  # People opens to the new admin


def test_disabling_a_user_ends_their_session_and_they_cannot_sign_in_again(
    app, admin_console, admin
):
    eddie_console = signed_in_as(app, EDITOR_EMAIL, EDITOR_PASSWORD)
    eddie_console.get("/admin")
    eddie = person_id(app, EDITOR_EMAIL)
    path = f"/admin/people/{eddie}"
    admin_console.post(path, replaced(admin_console.form_values(path), is_active="false"), 303)

    response = eddie_console.get("/admin", expect=302)
    assert location_path(response).startswith("/admin/sign-in")
    refused = eddie_console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD, expect=401)
    assert "The email or password is not correct." in text_of(refused.page)
    assert user_in_api(app, admin, eddie)["is_active"] is False
    cells = row_of(admin_console.get("/admin/people").page, EDITOR_EMAIL)
    assert cells[3:5] == ["disabled", "0"]

    # Enabled again, they sign in with the same password.
    admin_console.post(path, replaced(admin_console.form_values(path), is_active="true"), 303)
    signed_in_as(app, EDITOR_EMAIL, EDITOR_PASSWORD).get("/admin")


def test_end_all_sessions_signs_another_user_out_of_the_console_and_the_api(app, admin_console):
    eddie_console = signed_in_as(app, EDITOR_EMAIL, EDITOR_PASSWORD, user_agent="Firefox/140 test")
    eddie_token = token_for(app, EDITOR_EMAIL, EDITOR_PASSWORD)
    eddie = person_id(app, EDITOR_EMAIL)
    cells = row_of(admin_console.get("/admin/people").page, EDITOR_EMAIL)
    assert cells[4] == "1"
    assert cells[5] != "never"
    page = admin_console.get(f"/admin/people/{eddie}").page
    assert len(page.xpath("//table[@id='sessions']/tbody/tr")) == 1
    assert "Firefox/140 test" in text_of(page.xpath("//table[@id='sessions']")[0])
    assert len(page.xpath("//table[@id='tokens']/tbody/tr")) == 1
    assert "API tokens are not console sessions" in text_of(page)

    response = admin_console.post(f"/admin/people/{eddie}/sessions/end", {}, expect=303)
    page = admin_console.get(location_path(response)).page
    assert "1 console session ended, 1 API token revoked" in text_of(page)
    assert page.xpath("//*[@id='sessions']")[0].text_content() == "No live console sessions."
    assert page.xpath("//*[@id='tokens']")[0].text_content() == "No live API tokens."

    eddie_console.get("/admin", expect=302)
    assert me_in_api(app, eddie_token).status_code == 401
    admin_console.get("/admin/people")  # the admin's own session goes on
    # Signed out, not locked out: the password still works.
    signed_in_as(app, EDITOR_EMAIL, EDITOR_PASSWORD).get("/admin")


def test_the_last_admin_cannot_demote_or_disable_themselves(app, admin_console):
    ada = person_id(app, ADMIN_EMAIL)
    path = f"/admin/people/{ada}"
    page = admin_console.get(path).page
    assert "You are the only active admin" in text_of(page)
    for field, value in (("role", "editor"), ("is_active", "false")):
        form = replaced(admin_console.form_values(path), **{field: value})
        page = admin_console.post(path, form, expect=409).page
        assert "This is the last active admin" in field_error(page, field)
        assert "This is the last active admin" in text_of(page.xpath("//*[@id='error-summary']")[0])

    admin_console.get("/admin/people")  # still an admin, still signed in
    me = me_in_api(app, token_for(app, ADMIN_EMAIL, ADMIN_PASSWORD)).json
    assert (me["role"], me["is_active"]) == ("admin", True)


def test_with_another_admin_an_admin_may_demote_themselves(app, admin_console, admin):
    ada = person_id(app, ADMIN_EMAIL)
    path = f"/admin/people/{ada}"
    response = admin_console.post(
        path, replaced(admin_console.form_values(path), role="editor"), expect=303
    )
    assert location_path(response) == "/admin"
    admin_console.get("/admin/people", expect=403)
    assert user_in_api(app, admin, ada)["role"] == "editor"


def test_a_change_saved_meanwhile_by_another_admin_is_not_undone(app, admin_console, admin):
    eddie = person_id(app, EDITOR_EMAIL)
    path = f"/admin/people/{eddie}"
    loaded = admin_console.form_values(path)
    disabled = app.test_client().patch(
        f"/api/v1/users/{eddie}", json={"is_active": False}, headers=admin
    )
    assert disabled.status_code == 200, disabled.json
    admin_console.post(path, replaced(loaded, display_name="Eddie Renamed"), expect=303)
    shown = user_in_api(app, admin, eddie)
    assert (shown["display_name"], shown["is_active"]) == ("Eddie Renamed", False)


def test_a_duplicate_email_and_a_short_password_are_shown_beside_their_fields(app, admin_console):
    admin_console.get("/admin/people/new")
    taken = {**NEW_PERSON, "email": EDITOR_EMAIL.upper()}
    page = admin_console.post("/admin/people/new", taken, expect=409).page
    assert field_error(page, "email") == "Already registered."
    assert page.xpath("//input[@name='email']/@value") == [EDITOR_EMAIL.upper()]
    assert page.xpath("//input[@name='display_name']/@value") == ["Nora Newcomer"]
    assert NEW_PASSWORD not in page.text_content() + "".join(page.xpath("//input/@value"))

    short = {**NEW_PERSON, "password": "too short", "password_confirmation": "too short"}
    page = admin_console.post("/admin/people/new", short, expect=422).page
    assert "12" in field_error(page, "password")
    assert page.xpath("//input[@name='email']/@value") == [NEW_EMAIL]
    assert page.xpath("//input[@name='password']/@value") in ([], [""])
    assert page.xpath("//input[@type='password']/@autocomplete") == ["new-password"] * 2

    mismatched = {**NEW_PERSON, "password_confirmation": NEW_PASSWORD + "!"}
    page = admin_console.post("/admin/people/new", mismatched, expect=422).page
    assert field_error(page, "password_confirmation") == "Does not match the password."
    assert field_error(page, "password") == ""
    assert count_rows(app, User) == 2


def test_html_in_a_display_name_is_shown_escaped(app, admin_console):
    name = '<b>Bold</b> <script>alert("x")</script>'
    admin_console.get("/admin/people/new")
    response = admin_console.post(
        "/admin/people/new", {**NEW_PERSON, "display_name": name}, expect=303
    )
    for path in ("/admin/people", location_path(response)):
        page = admin_console.get(path).page
        assert page.xpath("//main//b | //main//script") == []
        assert name in text_of(page)


def test_an_unknown_person_is_a_404_page(admin_console):
    page = admin_console.get("/admin/people/999999", expect=404).page
    assert "Nothing here" in text_of(page)


def test_the_menu_offers_people_to_admins_only(admin_console, editor_console):
    def menu(console) -> list[str]:
        return console.get("/admin").page.xpath("//nav[@aria-label='Console']//a/text()")

    assert "People" in menu(admin_console)
    assert "People" not in menu(editor_console)
    assert "Products" in menu(editor_console)
