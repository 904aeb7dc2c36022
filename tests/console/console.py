"""A staff member at the console, through the test client: pages parsed, forms sent with CSRF."""

from urllib.parse import urlsplit

import lxml.html

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Console:
    """One browser's session with the console: it keeps cookies and the last CSRF token."""

    def __init__(self, client) -> None:
        self.client = client
        self.client.environ_base["HTTP_ACCEPT"] = BROWSER_ACCEPT
        self.csrf = ""

    def get(self, path: str, expect: int = 200):
        """GET a console page; returns the response, with `page` (lxml) when it is HTML."""
        response = self.client.get(path)
        assert response.status_code == expect, (response.status_code, response.data[:500])
        return self._read(response)

    def post(self, path: str, data: dict | list, expect: int | None = None, csrf: bool = True):
        """POST a form (a dict, or a list of pairs for repeated names) with the CSRF token."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        if csrf:
            pairs.append(("csrf_token", self.csrf))
        response = self.client.post(path, data=_multi(pairs))
        if expect is not None:
            assert response.status_code == expect, (response.status_code, response.data[:800])
        return self._read(response)

    def sign_in(self, email: str, password: str, expect: int = 303):
        """Open the sign-in page and send the credentials."""
        self.get("/admin/sign-in")
        response = self.post("/admin/sign-in", {"email": email, "password": password}, expect)
        if response.status_code == 303:
            self.get(location_path(response))  # as a browser follows: a fresh CSRF token
        return response

    def form_values(self, path: str, form_xpath: str = "//form[@class='editor']") -> list:
        """The fields of a form on `path` as a browser would send them (without the buttons)."""
        page = self.get(path).page
        form = page.xpath(form_xpath)[0]
        return [(name, value) for name, value in form.form_values() if name != "csrf_token"]

    def _read(self, response):
        response.page = None
        if response.mimetype == "text/html":
            response.page = lxml.html.fromstring(response.get_data(as_text=True))
            token = response.page.xpath("//input[@name='csrf_token']/@value")
            if token:
                self.csrf = token[0]
        return response


def _multi(pairs: list) -> dict:
    data: dict = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def replaced(pairs: list, **changes) -> list:
    """Form pairs with some single-valued fields set to new values."""
    names = set(changes)
    return [(n, v) for n, v in pairs if n not in names] + list(changes.items())


def location_path(response) -> str:
    """The path (and query) a redirect points at."""
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def field_error(page, field_id: str) -> str:
    """The message shown next to a field, or ''."""
    found = page.xpath("//*[@id=$id]", id=f"{field_id}-error")
    return " ".join(found[0].text_content().split()) if found else ""


def text_of(page) -> str:
    """The visible words of a page."""
    return " ".join(page.text_content().split())


def count_rows(app, model) -> int:
    """How many rows of `model` exist (read in an app context of its own)."""
    from sqlalchemy import func, select

    from core.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def newest_history_entry(page) -> tuple[str, list[list[str]]]:
    """The newest entry of a history page: its line of words, and its (field, from, to) rows."""
    newest = page.xpath("//ol[@class='history']/li")[0]
    rows = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in newest.xpath(".//tbody/tr")
    ]
    return text_of(newest), rows
