"""The search rules' forms: one small description per kind (synonym rule, redirect, pin rule,
boost) for the one editor in `console.search_rule_pages`.

Values are plain text; the body they become is what the API's own schemas load, so every
field's message is the API's, under the form field of the same name. A list is one entry per
line (commas also separate).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from merchandising import services
from merchandising.boost_schemas import (
    MAX_DAYS,
    MAX_WEIGHT,
    SearchBoostInputSchema,
    SearchBoostUpdateSchema,
)
from merchandising.models import SearchBoost, SearchPin, SearchRedirect, SynonymRule
from merchandising.pin_schemas import (
    MAX_HIDDEN,
    MAX_PINNED,
    SearchPinInputSchema,
    SearchPinUpdateSchema,
)
from merchandising.pinned_documents import described
from merchandising.schemas import (
    MAX_TERMS,
    SearchRedirectInputSchema,
    SearchRedirectUpdateSchema,
    SynonymRuleInputSchema,
    SynonymRuleUpdateSchema,
)

ARTICLE = "article:"  # a pin line naming an article rather than a product
STATUS_CHOICES = [
    ("live", "Live: shoppers' searches apply it"),
    ("draft", "Draft: only the preview applies it"),
]
MATCH_CHOICES = [
    ("exact", "The query is exactly these words"),
    ("contains", "The query has these words, in this order, among others"),
]


@dataclass(frozen=True)
class RuleField:
    """One input of a rule's form; its name is the API's field name."""

    name: str
    label: str
    widget: str = "text"  # text, number, textarea or select
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    default: str = ""  # in a new rule's form (a select starts at its first choice)


@dataclass(frozen=True)
class RuleForm:
    """What the console knows about one kind of rule."""

    path: str  # the URL segment, as in the API ("synonyms")
    noun: str  # "synonym rule", in titles and messages
    audit_type: str  # how the audit log names it
    model: type
    schemas: tuple[type[ma.Schema], type[ma.Schema]]  # create, change
    create: Callable[[Any], Any]
    update: Callable[[Any, Any], Any]
    fields: tuple[RuleField, ...]
    values_of: Callable[[Any], dict[str, str]]  # a rule as its form shows it
    body_of: Callable[[Mapping[str, str]], dict[str, Any]]  # the form as an API body
    prefilled: str | None = None  # the field a "?query=" link fills in (from the insights)

    def endpoint(self, page: str) -> str:
        """The console endpoint of this kind's "new" or "edit" page."""
        return f"console.search_rules_{self.path}_{page}"

    def blank(self, query: str) -> dict[str, str]:
        """A new rule's form, in draft, with `query` in its prefilled field."""
        values = {
            field.name: field.choices[0][0] if field.choices else field.default
            for field in self.fields
        }
        values["status"] = "draft"
        if self.prefilled:
            values[self.prefilled] = query
        return values


def listed(text: str) -> list[str]:
    """One entry per line (or between commas)."""
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


def _synonym_body(values: Mapping[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": values["kind"], "terms": listed(values["terms"])}
    if values["kind"] == "one_way" or values["alternatives"]:
        body["alternatives"] = listed(values["alternatives"])
    return {**body, "status": values["status"]}


def _pin_lines(entries: list[dict]) -> str:
    return "\n".join(
        ("" if entry["type"] == "product" else ARTICLE) + entry["slug"]
        for entry in described(entries)
    )


def _documents(text: str) -> list[dict[str, str]]:
    """One document per line: a product's slug, or `article:` and an article's slug."""
    return [
        {"type": "article", "slug": line.removeprefix(ARTICLE).strip()}
        if line.startswith(ARTICLE)
        else {"type": "product", "slug": line}
        for line in listed(text)
    ]


def _text(values: Mapping[str, str], *names: str) -> dict[str, Any]:
    return {name: values[name] for name in names}


STATUS = RuleField("status", "Status", "select", choices=tuple(STATUS_CHOICES), required=True)
MATCH = RuleField("match", "Matching", "select", choices=tuple(MATCH_CHOICES), required=True)
QUERY = RuleField("query", "Query", hint="What shoppers type.", required=True)

RULE_FORMS: dict[str, RuleForm] = {
    form.path: form
    for form in (
        RuleForm(
            "synonyms",
            "synonym rule",
            "synonym_rule",
            SynonymRule,
            (SynonymRuleInputSchema, SynonymRuleUpdateSchema),
            services.create_synonym_rule,
            services.update_synonym_rule,
            (
                RuleField("kind", "Kind", "select", required=True, choices=(
                    ("two_way", "Two-way: each term finds the others"),
                    ("one_way", "One-way: the terms also find the alternatives"),
                )),
                RuleField("terms", "Terms", "textarea", required=True, hint=(
                    f"What shoppers type: one word or phrase per line (up to {MAX_TERMS}, at "
                    "most 4 words each). Matched as the search reads them: lowercase, accents "
                    "folded, word endings alike; punctuation separates words."
                )),
                RuleField("alternatives", "Alternatives (one-way rules)", "textarea", hint=(
                    "What the terms also find, one per line. Leave empty for a two-way rule."
                )),
                STATUS,
            ),
            lambda rule: {
                "kind": rule.kind.value,
                "terms": "\n".join(rule.terms),
                "alternatives": "\n".join(rule.alternatives),
                "status": rule.status.value,
            },
            _synonym_body,
            prefilled="terms",
        ),
        RuleForm(
            "redirects",
            "redirect",
            "search_redirect",
            SearchRedirect,
            (SearchRedirectInputSchema, SearchRedirectUpdateSchema),
            services.create_redirect,
            services.update_redirect,
            (
                QUERY,
                MATCH,
                RuleField("target", "Page", required=True, hint=(
                    "A path on this site, such as /c/kitchen-faucets or "
                    "/products?certification=wras."
                )),
                STATUS,
            ),
            lambda rule: {
                "query": rule.query,
                "match": rule.match.value,
                "target": rule.target,
                "status": rule.status.value,
            },
            lambda values: _text(values, "query", "match", "target", "status"),
            prefilled="query",
        ),
        RuleForm(
            "pins",
            "pin rule",
            "search_pin",
            SearchPin,
            (SearchPinInputSchema, SearchPinUpdateSchema),
            services.create_pin,
            services.update_pin,
            (
                QUERY,
                MATCH,
                RuleField("pinned", "Put first", "textarea", hint=(
                    f"One per line, in order (up to {MAX_PINNED}): a product's address "
                    "(slug), or article: and an article's. They come first even if they miss "
                    "the query's words, as long as they pass the shopper's filters; a draft "
                    "is shown to nobody until it is published."
                )),
                RuleField("hidden", "Leave out", "textarea", hint=(
                    f"One per line (up to {MAX_HIDDEN}), written the same way."
                )),
                STATUS,
            ),
            lambda rule: {
                "query": rule.query,
                "match": rule.match.value,
                "pinned": _pin_lines(rule.pinned),
                "hidden": _pin_lines(rule.hidden),
                "status": rule.status.value,
            },
            lambda values: {
                **_text(values, "query", "match", "status"),
                "pinned": _documents(values["pinned"]),
                "hidden": _documents(values["hidden"]),
            },
            prefilled="query",
        ),
        RuleForm(
            "boosts",
            "boost",
            "search_boost",
            SearchBoost,
            (SearchBoostInputSchema, SearchBoostUpdateSchema),
            services.create_boost,
            services.update_boost,
            (
                RuleField("attribute", "Raise products", "select", required=True, choices=(
                    ("in_stock", "In stock"),
                    ("brand", "A brand (give its slug below)"),
                    ("finish", "A finish (give its slug below)"),
                    ("new_arrivals", "New arrivals (give the days below)"),
                )),
                RuleField("value", "Brand or finish", hint=(
                    "Its address (slug), such as aquaverde or brushed-nickel; brand and "
                    "finish boosts only."
                )),
                RuleField("days", "New within (days)", "number", hint=(
                    f"New arrivals only: published within this many days (1 to {MAX_DAYS})."
                )),
                RuleField("weight", "Weight", "number", required=True, default="5", hint=(
                    f"1 to {MAX_WEIGHT}: each unit adds a tenth of a product's relevance to "
                    "the words. A boost reorders close matches; it never lifts a product "
                    "above one that matches more of the words."
                )),
                STATUS,
            ),
            lambda rule: {
                "attribute": rule.attribute.value,
                "value": rule.value or "",
                "days": "" if rule.days is None else str(rule.days),
                "weight": str(rule.weight),
                "status": rule.status.value,
            },
            lambda values: {
                **_text(values, "attribute", "weight", "status"),
                "value": values["value"] or None,
                "days": values["days"] or None,
            },
        ),
    )
}  # fmt: skip
