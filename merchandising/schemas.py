"""Search rule schemas: bodies staff send, what the API returns, list filters, the preview."""

from urllib.parse import urlsplit

import marshmallow as ma
from flask import current_app
from marshmallow import validate
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from core.fields import Text
from core.pagination import PaginationArgs
from core.schemas import partial_of
from merchandising.models import QueryMatch, RuleStatus, SynonymKind
from search.analysis import plain_words
from search.rules import stem_key

MAX_TERMS = 20  # per rule: a group of 10,000 words is a mistake, not a synonym
MAX_TERM_CHARS = 60
MAX_TERM_WORDS = 4
MAX_QUERY_WORDS = 8
NOT_FOR_SHOPPERS = ("/api/", "/admin")  # a redirect sends shoppers to pages
LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Give a two-letter language code, like en.")


def _catalogue_language() -> str:
    return current_app.config["CATALOGUE_LANGUAGE"]


class RuleInputSchema(ma.Schema):
    """What every rule a staff member sends has: whether shoppers get it yet."""

    status = ma.fields.Enum(
        RuleStatus,
        by_value=True,
        load_default=RuleStatus.LIVE,
        metadata={"description": "draft: only the console's preview applies it"},
    )


class WordRuleInputSchema(RuleInputSchema):
    """A rule about words: which language of the catalogue it is for."""

    language = ma.fields.String(
        load_default=_catalogue_language,
        validate=LANGUAGE,
        metadata={"description": "Two letters; default: the catalogue's language"},
    )


class RuleSchema(ma.Schema):
    """What the API returns of every rule."""

    id = ma.fields.Integer()
    status = ma.fields.Enum(RuleStatus, by_value=True)
    label = ma.fields.String(metadata={"description": "How the console names the rule"})
    version = ma.fields.Integer()
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


def normalized_terms(values: list[str], field: str) -> list[str]:
    """`values` as the engine reads them (lowercase words, no punctuation), each checked.

    Punctuation and regular-expression characters are no syntax here: they separate words, and
    a term left with no searchable word is refused, as is a term given twice.
    """
    terms: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for value in values:
        words = plain_words(value)
        if len(words) > MAX_TERM_WORDS:
            raise ma.ValidationError(f"“{value}” has more than {MAX_TERM_WORDS} words.", field)
        key = stem_key(value)
        if not key:
            raise ma.ValidationError(f"“{value}” has no searchable word.", field)
        if key in seen:
            raise ma.ValidationError(f"“{value}” means the same as “{seen[key]}”.", field)
        seen[key] = value
        terms.append(" ".join(words))
    return terms


def _terms_field(description: str, *, required: bool) -> ma.fields.List:
    return ma.fields.List(
        Text(MAX_TERM_CHARS, min_length=1),
        required=required,
        validate=validate.Length(min=1, max=MAX_TERMS, error=f"Give 1 to {MAX_TERMS} terms."),
        metadata={"description": description},
    )


class SynonymRuleInputSchema(WordRuleInputSchema):
    """A synonym rule: two-way (each term finds the others) or one-way (terms -> alternatives)."""

    kind = ma.fields.Enum(SynonymKind, by_value=True, required=True)
    terms = _terms_field("Words or phrases shoppers type (two or more if two-way)", required=True)
    alternatives = _terms_field("One-way only: what the terms also find", required=False)

    @ma.validates_schema
    def _coherent(self, data, partial=False, **kwargs) -> None:
        if "terms" in data:
            data["terms"] = normalized_terms(data["terms"], "terms")
        if "alternatives" in data:
            data["alternatives"] = normalized_terms(data["alternatives"], "alternatives")
        if partial:
            return  # the whole rule is checked by the service once the change is applied
        check_rule_shape(data["kind"], data["terms"], data.get("alternatives", []))


def check_rule_shape(kind: SynonymKind, terms: list[str], alternatives: list[str]) -> None:
    """Refuse a rule that cannot work: a lone two-way term, a one-way rule going nowhere."""
    if kind is SynonymKind.TWO_WAY:
        if len(terms) < 2:
            raise ma.ValidationError("A two-way rule needs at least two terms.", "terms")
        if alternatives:
            raise ma.ValidationError("Only one-way rules have alternatives.", "alternatives")
        return
    if not alternatives:
        raise ma.ValidationError("A one-way rule needs at least one alternative.", "alternatives")
    typed = {stem_key(term) for term in terms}
    if typed & {stem_key(term) for term in alternatives}:
        raise ma.ValidationError("A term cannot be its own alternative.", "alternatives")


SynonymRuleUpdateSchema = partial_of(
    SynonymRuleInputSchema, "A change to a synonym rule: any of its fields."
)


class SynonymRuleSchema(RuleSchema):
    """A synonym rule as the API returns it."""

    kind = ma.fields.Enum(SynonymKind, by_value=True)
    terms = ma.fields.List(ma.fields.String())
    alternatives = ma.fields.List(ma.fields.String())
    language = ma.fields.String()


class SynonymRuleListArgs(PaginationArgs):
    """Which synonym rules to list."""

    kind = ma.fields.Enum(SynonymKind, by_value=True, load_default=None)
    status = ma.fields.Enum(RuleStatus, by_value=True, load_default=None)
    term = Text(MAX_TERM_CHARS, load_default=None, metadata={"description": "Rules naming it"})


def site_path(value: str) -> None:
    """Refuse anything but the path of a page this site serves (no other site, no scheme)."""
    parts = urlsplit(value)
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or parts.scheme
        or parts.netloc
    ):
        raise ma.ValidationError(
            "Give a path on this site, starting with /, such as /c/kitchen-faucets."
        )
    if parts.path.startswith(NOT_FOR_SHOPPERS):
        raise ma.ValidationError("Send shoppers to a page, not to the API or the console.")
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except RequestRedirect:
        pass  # the page answers there with a redirect of its own (a trailing slash)
    except HTTPException:
        raise ma.ValidationError(f"No page answers at {parts.path}.") from None


class QueryRuleInputSchema(WordRuleInputSchema):
    """What every rule about a whole query has: the query and how it matches."""

    query = Text(200, min_length=1, required=True, metadata={"description": "What is typed"})
    match = ma.fields.Enum(
        QueryMatch,
        by_value=True,
        load_default=QueryMatch.EXACT,
        metadata={"description": "exact: the whole query; contains: among other words"},
    )

    @ma.validates("query")
    def _has_words(self, value: str, **kwargs) -> None:
        words = plain_words(value)
        if not words:
            raise ma.ValidationError(f"“{value}” has no searchable word.")
        if len(words) > MAX_QUERY_WORDS:
            raise ma.ValidationError(f"Give at most {MAX_QUERY_WORDS} words.")

    @ma.post_load
    def _as_read(self, data, **kwargs) -> dict:
        if "query" in data:
            data["query"] = " ".join(plain_words(data["query"]))
        return data


class SearchRedirectInputSchema(QueryRuleInputSchema):
    """A query that goes straight to a page of the site."""

    target = Text(500, min_length=1, required=True, validate=site_path)


SearchRedirectUpdateSchema = partial_of(
    SearchRedirectInputSchema, "A change to a search redirect: any of its fields."
)


class SearchRedirectSchema(RuleSchema):
    """A search redirect as the API returns it."""

    query = ma.fields.String()
    match = ma.fields.Enum(QueryMatch, by_value=True)
    target = ma.fields.String()
    language = ma.fields.String()


class QueryRuleListArgs(PaginationArgs):
    """Which redirects or pin rules to list."""

    status = ma.fields.Enum(RuleStatus, by_value=True, load_default=None)


class PreviewArgs(ma.Schema):
    """A query to run with the live rules and with the drafts applied too."""

    q = Text(200, min_length=1, required=True)


class PreviewHitSchema(ma.Schema):
    """One result of a preview."""

    type = ma.fields.String()
    id = ma.fields.Integer()
    title = ma.fields.String()


class PreviewSideSchema(ma.Schema):
    """One side of a preview: the first results and how many there are."""

    total = ma.fields.Integer()
    hits = ma.fields.List(ma.fields.Nested(PreviewHitSchema))
    redirect = ma.fields.String(allow_none=True, metadata={"description": "Where it would go"})


class PreviewSchema(ma.Schema):
    """A query's first results with the live rules beside those with the drafts too."""

    q = ma.fields.String()
    live = ma.fields.Nested(PreviewSideSchema)
    draft = ma.fields.Nested(PreviewSideSchema)
