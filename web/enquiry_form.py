"""The product page's "Request a quote" form: its fields, its anti-forgery token, and turning
what a browser sent into the enquiry API's request body (and the API's errors back into fields).

The form is anonymous, so there is no session to bind a CSRF token to: a browser's own
Sec-Fetch-Site (or Origin) header must say the form was sent from this site, and a signed,
time-limited token names the product whose page the form came from.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

from catalog.models import Product
from enquiries.schemas import HONEYPOT, MAX_QUANTITY

FORM_ERROR = "_form"
TEXT_FIELDS = ("name", "email", "company", "message")
FORM_MAX_AGE = 24 * 3600  # seconds a page's form may stay open before it must be reloaded
FORM_SALT = "enquiry-form"  # keeps these signatures apart from any other the key makes
QUANTITY_DIGITS = len(str(MAX_QUANTITY))


@dataclass(frozen=True)
class FinishQuantity:
    """One finish's quantity input."""

    slug: str
    name: str
    field: str
    value: str


@dataclass
class EnquiryForm:
    """The form as the page shows it: values typed so far and messages by field."""

    action: str
    token: str
    finishes: list[FinishQuantity]
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    honeypot: str = HONEYPOT


def enquiry_form(
    product: Product,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> EnquiryForm:
    """The form for `product`'s page, with a fresh token (and what was typed, when re-shown)."""
    values = values or {}
    return EnquiryForm(
        action=url_for("web.send_enquiry", slug=product.slug),
        token=_serializer().dumps(product.id),
        finishes=[
            FinishQuantity(
                f.slug, f.name, quantity_field(f.slug), values.get(quantity_field(f.slug), "")
            )
            for f in product.finishes
        ],
        values=values,
        errors=errors or {},
    )


def quantity_field(finish_slug: str) -> str:
    """The name (and id) of a finish's quantity input."""
    return f"quantity-{finish_slug}"


def sent_values(product: Product) -> dict[str, str]:
    """What the browser sent, as text, by field name (the honeypot is not kept)."""
    names = [*TEXT_FIELDS, *(quantity_field(f.slug) for f in product.finishes)]
    return {name: request.form.get(name, "").strip() for name in names}


def request_body(product: Product, values: dict[str, str]) -> tuple[dict, list[str]]:
    """The API's request body for the form's `values`, and the field of each quantity sent."""
    body: dict = {name: values[name] for name in ("name", "email", "message")}
    body["company"] = values["company"] or None
    body[HONEYPOT] = request.form.get(HONEYPOT, "")
    fields, quantities = [], []
    for finish in product.finishes:
        text = values[quantity_field(finish.slug)]
        if text:
            # Digits only become a number; anything else goes as typed, for the API to refuse.
            number = int(text) if text.isdigit() and len(text) <= QUANTITY_DIGITS + 1 else text
            quantities.append({"finish": finish.slug, "quantity": number})
            fields.append(quantity_field(finish.slug))
    body["quantities"] = quantities
    return body, fields


def field_errors(errors: dict[str, list[str]], quantity_fields: list[str]) -> dict[str, list[str]]:
    """The API's errors (by dotted path) by the form's field names."""
    shown: dict[str, list[str]] = {}
    for path, messages in errors.items():
        parts = path.split(".")
        if parts[0] == "quantities" and len(parts) > 1 and parts[1].isdigit():
            name = quantity_fields[int(parts[1])]
        elif parts[0] in TEXT_FIELDS:
            name = parts[0]
        else:
            name = FORM_ERROR
        shown.setdefault(name, []).extend(messages)
    return shown


def forged_or_stale(product: Product) -> str | None:
    """Why the form cannot be trusted (sent from another site, or too old), or None."""
    if _from_another_site():
        return "This form was sent from another site, so nothing was sent to us."
    try:
        product_id = _serializer().loads(request.form.get("form_token", ""), max_age=FORM_MAX_AGE)
    except BadData:
        product_id = None
    if product_id != product.id:
        return "This form had been open too long. Check your details, then send it again."
    return None


def _from_another_site() -> bool:
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=FORM_SALT)
