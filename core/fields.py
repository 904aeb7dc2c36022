"""Input fields every schema shares: one text rule, and bounded ids, decimals and moments.

Each bound sits where both databases can store the value: an id fits PostgreSQL's `integer`,
a decimal has few places (PostgreSQL's `numeric` refuses 1e-16384), and a moment stays in a
plausible year, so its UTC value never leaves the years 1-9999 that Python can represent.
"""

import re
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import marshmallow as ma
from marshmallow import validate
from werkzeug.routing import IntegerConverter

from core.slugs import SLUG

MAX_ID = 2**31 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
# C0 controls but tab and line breaks, DEL, C1 controls, and UTF-16 halves that pair with
# nothing (JSON's "\ud800" decodes to one; no database encoding can store it).
# Written as escapes that Python's `re` and JSON Schema's patterns read alike.
_SURROGATES = r"\ud800-\udfff"
_NEVER_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _SURROGATES
# One-line text (names, titles, alt text) also refuses line breaks, tabs and the bidi
# controls that make a name read differently from how it sorts and matches.
_ONE_LINE_ALSO = r"\t\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069"
MULTI_LINE_REFUSED = re.compile(f"[{_NEVER_TEXT}]")
ONE_LINE_REFUSED = re.compile(f"[{_NEVER_TEXT}{_ONE_LINE_ALSO}]")


class Text(ma.fields.String):
    """A bounded string of one line (or several, with `multiline`) of storable characters."""

    def __init__(
        self, max_length: int | None, *, min_length: int = 0, multiline: bool = False, **kwargs
    ) -> None:
        refused = MULTI_LINE_REFUSED if multiline else ONE_LINE_REFUSED
        # Surrogates stay out of the documented pattern: schema tools read patterns as
        # Unicode scalar values, which exclude them (and JSON text cannot carry one unescaped).
        pattern = "^[^" + refused.pattern[1:-1].replace(_SURROGATES, "") + "]*$"
        kwargs["metadata"] = {"pattern": pattern, **kwargs.get("metadata", {})}
        checks = [validate.Length(min=min_length, max=max_length), _refusing(refused)]
        super().__init__(validate=_then_given(checks, kwargs), **kwargs)


# "<"s that a browser would read as the start of a tag, comment or declaration (a whole run,
# so removing them cannot leave an earlier "<" in front of the letter).
TAG_OPENING = re.compile(r"<+(?=[A-Za-z!/?])")


def plain_text(max_length: int, *, min_length: int = 0, **kwargs) -> Text:
    """A bounded line of plain text: no HTML tags."""
    return Text(max_length, min_length=min_length, validate=_refuse_markup, **kwargs)


def _refuse_markup(value: str) -> None:
    if TAG_OPENING.search(value):
        raise ma.ValidationError("Plain text only: HTML tags are not allowed.")


def _then_given(checks: list, kwargs: dict) -> list:
    """`checks` followed by the validators the caller passed in `kwargs` (removed from it)."""
    given = kwargs.pop("validate", None) or []
    return [*checks, *(given if isinstance(given, list) else [given])]


def _refusing(refused: re.Pattern):
    def check(value: str) -> None:
        if found := refused.search(value):
            raise ma.ValidationError(
                f"The character U+{ord(found.group()):04X} is not allowed here "
                "(control characters, bidi overrides and lone surrogates are refused)."
            )

    return check


def link_url(max_length: int = 500, **kwargs) -> ma.fields.Url:
    """An absolute http(s) URL to link to."""
    return ma.fields.Url(
        schemes={"http", "https"}, validate=validate.Length(max=max_length), **kwargs
    )


def image_url(**kwargs) -> ma.fields.Url:
    """An absolute https URL of an image: pages show images from https hosts only (CSP)."""
    return ma.fields.Url(
        schemes={"https"},
        validate=validate.Length(max=500),
        error_messages={"invalid": "Use an https:// image URL; pages cannot show others."},
        metadata={"description": "https only: the pages' Content-Security-Policy shows no other"},
        **kwargs,
    )


def slug_field(**kwargs) -> ma.fields.String:
    """A URL slug: lowercase letters, digits and single dashes."""
    return ma.fields.String(validate=[validate.Length(min=1, max=140), SLUG], **kwargs)


def id_field(**kwargs) -> ma.fields.Integer:
    """The id of a stored row: a positive integer both databases can hold."""
    return ma.fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: a row id; anything larger than an id can be is a 404."""

    regex = r"\d{1,10}"

    def __init__(self, map, **kwargs) -> None:  # noqa: A002 - werkzeug's name
        super().__init__(map, min=1, max=MAX_ID, **kwargs)


def decimal_field(maximum: Decimal, *, places: int = 2, **kwargs) -> ma.fields.Decimal:
    """A non-negative decimal up to `maximum` with at most `places` decimal places."""
    checks = [validate.Range(min=0, max=maximum), _at_most_places(places)]
    return ma.fields.Decimal(validate=_then_given(checks, kwargs), **kwargs)


def _at_most_places(places: int):
    def check(amount: Decimal) -> None:
        exponent = amount.as_tuple().exponent  # a letter only for NaN and infinities
        if isinstance(exponent, int) and exponent < -places:
            raise ma.ValidationError(f"Use at most {places} decimal places.")

    return check


class DecimalBound(ma.fields.Decimal):
    """A filter's bound on values stored with `places` decimals: any number up to `maximum`.

    It is rounded inward (a lower bound up, an upper bound down), which selects exactly the
    same stored values, so `min_price=1e-16384` means 0.01 rather than an error.
    """

    def __init__(self, maximum: Decimal, *, lower: bool, places: int = 2, **kwargs) -> None:
        self.maximum, self.step = maximum, Decimal(1).scaleb(-places)
        self.inward = ROUND_CEILING if lower else ROUND_FLOOR
        checks = [validate.Range(min=0, max=maximum)]
        super().__init__(validate=_then_given(checks, kwargs), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        number = super()._deserialize(value, attr, data, **kwargs)
        if not 0 <= number <= self.maximum:
            return number  # left for the range check to name
        return number.quantize(self.step, rounding=self.inward)


def bounds_in_order(*pairs: tuple[str, str]) -> Callable:
    """A schema check that each (low, high) pair's upper bound is not below its lower bound.

    Decimal bounds are compared as the caller wrote them, before `DecimalBound` rounds them
    inward: two bounds within one cent of each other select nothing rather than cross.
    """

    def check(self, data: dict, original_data: Any, **kwargs) -> None:
        for low_name, high_name in pairs:
            low, high = data.get(low_name), data.get(high_name)
            if low is None or high is None:
                continue
            if _as_given(original_data, low_name, low) > _as_given(original_data, high_name, high):
                raise ma.ValidationError(f"Must not be below {low_name}.", high_name)

    return ma.validates_schema(pass_original=True)(check)


def _as_given(original: Any, name: str, loaded: Any) -> Any:
    if not isinstance(loaded, Decimal) or not hasattr(original, "get"):
        return loaded
    try:
        return Decimal(str(original.get(name)))
    except (ArithmeticError, ValueError):
        return loaded


def moment_field(**kwargs) -> ma.fields.AwareDateTime:
    """An ISO 8601 date-time with its UTC offset, in a plausible year."""
    return ma.fields.AwareDateTime(validate=_plausible_year, **kwargs)


def _plausible_year(moment) -> None:
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ma.ValidationError(f"Use a year between {EARLIEST_YEAR} and {LATEST_YEAR}.")
