"""Synonym rule schemas: bodies staff send, what the API returns, list filters, the preview."""

import marshmallow as ma
from marshmallow import validate

from core.fields import Text
from core.pagination import PaginationArgs
from core.schemas import partial_of
from merchandising.models import RuleStatus, SynonymKind
from search.analysis import plain_words
from search.rules import stem_key

MAX_TERMS = 20  # per rule: a group of 10,000 words is a mistake, not a synonym
MAX_TERM_CHARS = 60
MAX_TERM_WORDS = 4
LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Give a two-letter language code, like en.")


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


class SynonymRuleInputSchema(ma.Schema):
    """A synonym rule: two-way (each term finds the others) or one-way (terms -> alternatives)."""

    kind = ma.fields.Enum(SynonymKind, by_value=True, required=True)
    terms = _terms_field("Words or phrases shoppers type (two or more if two-way)", required=True)
    alternatives = _terms_field("One-way only: what the terms also find", required=False)
    language = ma.fields.String(load_default="en", validate=LANGUAGE)
    status = ma.fields.Enum(
        RuleStatus,
        by_value=True,
        load_default=RuleStatus.LIVE,
        metadata={"description": "draft: only the console's preview applies it"},
    )

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


class SynonymRuleSchema(ma.Schema):
    """A synonym rule as the API returns it."""

    id = ma.fields.Integer()
    kind = ma.fields.Enum(SynonymKind, by_value=True)
    terms = ma.fields.List(ma.fields.String())
    alternatives = ma.fields.List(ma.fields.String())
    language = ma.fields.String()
    status = ma.fields.Enum(RuleStatus, by_value=True)
    label = ma.fields.String(metadata={"description": "How the console names the rule"})
    version = ma.fields.Integer()
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class SynonymRuleListArgs(PaginationArgs):
    """Which synonym rules to list."""

    kind = ma.fields.Enum(SynonymKind, by_value=True, load_default=None)
    status = ma.fields.Enum(RuleStatus, by_value=True, load_default=None)
    term = Text(MAX_TERM_CHARS, load_default=None, metadata={"description": "Rules naming it"})


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


class PreviewSchema(ma.Schema):
    """A query's first results with the live rules beside those with the drafts too."""

    q = ma.fields.String()
    live = ma.fields.Nested(PreviewSideSchema)
    draft = ma.fields.Nested(PreviewSideSchema)
