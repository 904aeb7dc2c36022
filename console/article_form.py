"""The article editor's form: read from an article or a request, turned into the API's body.

Every value is plain text, as the fields show it (tags as comma-separated names, linked products
as comma-separated slugs, sources one per line), so the values a form was loaded with can ride
along in a hidden field for conflict merges. The body they become is what the API's schemas
load; errors about one item of a list come back on the list's field, naming the item.
"""

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from console.forms import moment_of, scheduled_input
from core.clock import utcnow
from news.models import Article

TEXT_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "tags",
    "products",
    "source_links",
    "seo_title",
    "seo_description",
    "publish_at",
)
NULLABLE = ("seo_title", "seo_description")
LIST_SEPARATOR = re.compile(r"\s*,\s*")
# A few items beyond the API's limits are read, so that too many get the API's own message.
MAX_ITEMS = 40
RENAMED_ERRORS = {"published_at": "publish_at"}
# The status each button of the editor asks for (Save keeps the article's own).
STATUS_OF_ACTION = {
    "publish": "published",
    "schedule": "scheduled",
    "unpublish": "draft",
    "archive": "archived",
}


def blank_values() -> dict[str, str]:
    """The form of a new article."""
    return dict.fromkeys(TEXT_FIELDS, "")


def values_of(article: Article) -> dict[str, str]:
    """The form as it shows `article` now (a scheduled one with its time to publish)."""
    return {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "tags": ", ".join(tag.name for tag in article.tags),
        "products": ", ".join(sorted(product.slug for product in article.products)),
        "source_links": "\n".join(
            f"{link['url']} {link.get('title', '')}".strip() for link in article.source_links
        ),
        "seo_title": article.seo_title or "",
        "seo_description": article.seo_description or "",
        "publish_at": scheduled_input(article.published_at),
    }


def values_from(form: MultiDict) -> dict[str, str]:
    """The form as the user sent it; the body keeps its own spacing, other fields are trimmed."""
    values = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    # Browsers send a textarea's line breaks as CRLF; the API stores Markdown with LF.
    values["body"] = form.get("body", "").replace("\r\n", "\n")
    return values


def body_of(values: dict[str, str], action: str = "save") -> dict[str, Any]:
    """The API request body the form's values stand for, with the status `action` asks for."""
    body: dict[str, Any] = {name: values[name] for name in ("title", "summary", "body")}
    body.update({name: values[name] or None for name in NULLABLE})
    if values["slug"]:
        body["slug"] = values["slug"]
    body["tags"] = _items(values["tags"])
    body["products"] = _items(values["products"])
    body["source_links"] = [_source_link(line) for line in _lines(values["source_links"])]
    if action in STATUS_OF_ACTION:
        body["status"] = STATUS_OF_ACTION[action]
    if action == "publish":
        # Now, as the API's publish does: a scheduled article does not wait for its time.
        body["published_at"] = utcnow().isoformat()
    elif action == "schedule":
        # Empty or past, the API refuses it in its own words.
        body["published_at"] = moment_of(values["publish_at"]) if values["publish_at"] else None
    return body


def form_errors(errors: dict[str, list[str]], body: dict[str, Any]) -> dict[str, list[str]]:
    """Errors by the API's field paths, on the form's fields; a list item's message names it."""
    shown: dict[str, list[str]] = {}
    for path, messages in errors.items():
        field, item = _form_field(path, body)
        shown.setdefault(field, []).extend(
            f"{item}: {message}" if item else message for message in messages
        )
    return shown


def _form_field(path: str, body: dict[str, Any]) -> tuple[str, str | None]:
    """The form field an error path belongs to, and how to name the item it is about."""
    head, _, rest = path.partition(".")
    index, _, _ = rest.partition(".")
    if head in ("tags", "products") and index.isdigit():
        items = body.get(head) or []
        position = int(index)
        return head, f"“{items[position]}”" if position < len(items) else None
    if head == "source_links" and index.isdigit():
        return head, f"Line {int(index) + 1}"
    return RENAMED_ERRORS.get(path, path), None


def _items(text: str) -> list[str]:
    return [item for item in LIST_SEPARATOR.split(text) if item][:MAX_ITEMS]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:MAX_ITEMS]


def _source_link(line: str) -> dict[str, str]:
    """A line of the sources field: the address, then (after a space) its title, if any."""
    url, _, title = line.partition(" ")
    return {"url": url, "title": title.strip()}
