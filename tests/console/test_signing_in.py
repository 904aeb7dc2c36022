"""Staff sign in with email and password; sessions are stored, bounded in time and can be ended."""

from datetime import UTC, datetime, timedelta

from catalog.models import Product
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD
from tests.console.conftest import ADMIN_EMAIL, EDITOR_EMAIL
from tests.console.console import Console, count_rows, location_path, text_of


def test_a_visitor_is_sent_to_sign_in_and_comes_back_where_they_were_headed(app, staff):
    console = Console(app.test_client())
    response = console.get("/admin/products?status=draft", expect=302)
    assert location_path(response) == "/admin/sign-in?next=/admin/products?status%3Ddraft"
    console.get(location_path(response))
    response = console.post(
        "/admin/sign-in",
        {
            "email": EDITOR_EMAIL,
            "password": EDITOR_PASSWORD,
            "next": "/admin/products?status=draft",
        },
        expect=303,
    )
    assert location_path(response) == "/admin/products?status=draft"
    page = console.get("/admin").page
    assert "Eddie Editor" in text_of(page)


def test_the_session_cookie_is_http_only_lax_and_scoped_to_the_console(app, staff):
    console = Console(app.test_client())
    console.get("/admin/sign-in")
    response = console.post(
        "/admin/sign-in", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, expect=303
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "console_session" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/admin" in cookie
    assert "Secure" not in cookie  # development serves plain http
    page = console.get("/admin")
    assert page.headers["Cache-Control"] == "no-store"


def test_in_production_the_cookie_is_secure(make_app, staff):
    app = make_app(APP_ENV="production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    # Over HTTPS, as production serves; Flask-WTF then also checks the Referer.
    base = "https://catalogue.example"
    page = client.get("/admin/sign-in", base_url=base)
    assert page.headers["Referrer-Policy"] == "same-origin"
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    credentials = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token}
    response = client.post("/admin/sign-in", base_url=base, data=credentials)
    assert response.status_code == 400  # no Referer: refused over HTTPS
    response = client.post(
        "/admin/sign-in",
        base_url=base,
        data=credentials,
        headers={"Referer": f"{base}/admin/sign-in"},
    )
    assert response.status_code == 303, response.data[:400]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "console_session" in c)
    assert "Secure" in cookie


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app, staff):
    console = Console(app.test_client())
    response = console.sign_in(ADMIN_EMAIL, "not the password", expect=401)
    assert "The email or password is not correct." in text_of(response.page)
    # The email stays in the form; the password does not.
    assert response.page.xpath("//input[@name='email']/@value") == [ADMIN_EMAIL]
    assert response.page.xpath("//input[@name='password']/@value") == []
    console.get("/admin", expect=302)


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, staff):
    console = Console(app.test_client())
    console.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    console.get("/admin")
    stolen = console.client.get_cookie("console_session", path="/admin").value
    response = console.post("/admin/sign-out", {}, expect=303)
    assert location_path(response) == "/admin/sign-in"
    thief = app.test_client()
    thief.set_cookie("console_session", stolen, path="/admin")
    assert thief.get("/admin").status_code == 302


def test_an_idle_session_ends_and_so_does_an_old_one(app, staff, set_clock):
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    set_clock(start)
    console = Console(app.test_client())
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    set_clock(start + timedelta(minutes=29))
    console.get("/admin")
    set_clock(start + timedelta(minutes=29 + 31))
    console.get("/admin", expect=302)

    # Busy all day: every visit within the idle timeout, yet 12 hours is the end.
    set_clock(start)
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    for minutes in range(20, 12 * 60, 20):
        set_clock(start + timedelta(minutes=minutes))
        console.get("/admin")
    set_clock(start + timedelta(hours=12, minutes=1))
    console.get("/admin", expect=302)


def test_an_expired_session_refuses_a_form_and_changes_nothing(app, staff, set_clock):
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    set_clock(start)
    console = Console(app.test_client())
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    console.get("/admin/products/new")
    set_clock(start + timedelta(hours=2))
    response = console.post("/admin/products/new", {"name": "Late faucet"}, expect=401)
    assert "Your session has ended" in text_of(response.page)
    assert count_rows(app, Product) == 0


def test_deactivating_a_user_ends_their_console_sessions(app, staff, admin):
    console = Console(app.test_client())
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    console.get("/admin")
    users = app.test_client().get("/api/v1/users", headers=admin).json["items"]
    editor_id = next(user["id"] for user in users if user["email"] == EDITOR_EMAIL)
    response = app.test_client().patch(
        f"/api/v1/users/{editor_id}", json={"is_active": False}, headers=admin
    )
    assert response.status_code == 200, response.json
    console.get("/admin", expect=302)


def test_a_form_without_its_csrf_token_is_refused(app, staff):
    console = Console(app.test_client())
    console.get("/admin/sign-in")
    response = console.post(
        "/admin/sign-in",
        {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        csrf=False,
        expect=400,
    )
    assert "This form has expired or did not come from this console" in text_of(response.page)
    console.get("/admin", expect=302)
    console.csrf = "forged-token"
    console.post("/admin/sign-in", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, expect=400)


def test_a_signed_in_form_needs_the_token_too(admin_console):
    response = admin_console.post("/admin/sign-out", {}, csrf=False, expect=400)
    assert response.headers["Content-Type"].startswith("text/html")
    admin_console.get("/admin")  # still signed in: nothing changed


def test_next_never_leads_off_the_console(app, staff):
    for target in (
        "https://evil.example/admin",
        "//evil.example/admin",
        "/\\evil.example",
        "/admin\\..\\evil",
        "javascript:alert(1)",
        "/p/some-product",
    ):
        console = Console(app.test_client())
        console.get("/admin/sign-in")
        response = console.post(
            "/admin/sign-in",
            {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "next": target},
            expect=303,
        )
        assert location_path(response) == "/admin", target


def test_sign_in_attempts_are_rate_limited(make_app, staff):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    console = Console(limited.test_client())
    for _ in range(3):
        console.sign_in(ADMIN_EMAIL, "guess", expect=401)
    response = console.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD, expect=429)
    assert "Too many requests" in text_of(response.page)
    assert response.headers["Retry-After"]


def test_changing_ones_password_through_the_api_ends_console_sessions(app, staff, client):
    console = Console(app.test_client())
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    token = client.post(
        "/api/v1/auth/tokens", json={"email": EDITOR_EMAIL, "password": EDITOR_PASSWORD}
    ).json["token"]
    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": EDITOR_PASSWORD, "new_password": "a brand new passphrase"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 204, response.json
    console.get("/admin", expect=302)


def test_console_pages_keep_the_sites_strict_content_security_policy(admin_console, visitor_csp):
    for path in ("/admin", "/admin/products", "/admin/products/new", "/admin/sign-in"):
        response = admin_console.client.get(path)
        assert response.headers["Content-Security-Policy"] == visitor_csp, path
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    html = admin_console.client.get("/admin/products/new").get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
