"""Search rule endpoints, for staff: synonym rules, redirects, pins and boosts, each kind with
the same list/create and read/change/delete endpoints, and a preview of the drafts."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from core.auth.guards import role_required
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import page_schema, paginate
from merchandising import queries, services
from merchandising.boost_schemas import (
    SearchBoostInputSchema,
    SearchBoostSchema,
    SearchBoostUpdateSchema,
)
from merchandising.models import SearchBoost, SearchPin, SearchRedirect, SynonymRule
from merchandising.pin_schemas import SearchPinInputSchema, SearchPinSchema, SearchPinUpdateSchema
from merchandising.preview import preview
from merchandising.schemas import (
    PreviewArgs,
    PreviewSchema,
    QueryRuleListArgs,
    SearchRedirectInputSchema,
    SearchRedirectSchema,
    SearchRedirectUpdateSchema,
    SynonymRuleInputSchema,
    SynonymRuleListArgs,
    SynonymRuleSchema,
    SynonymRuleUpdateSchema,
)

rules_blp = Blueprint(
    "search_rules",
    __name__,
    url_prefix="/api/v1/search-rules",
    description="Search rules staff keep (synonyms, redirects, pins, boosts), applied at once",
)


@dataclass(frozen=True)
class RuleKind:
    """One kind of rule as the API serves it: its path, model, schemas and writes."""

    path: str  # "synonyms": /api/v1/search-rules/synonyms[/<id>]
    model: Any  # one of the merchandising models
    schemas: tuple[type[ma.Schema], type[ma.Schema], type[ma.Schema], type[ma.Schema]]
    create: Callable[[Any], Any]
    update: Callable[[Any, Any], Any]
    # The list's own reads, when it filters on more than `status` (and what on).
    listing: Callable[[dict], Any] | None = None
    listed_by: str = "`status`"

    @property
    def label(self) -> str:
        """The kind in a sentence ("synonym rule")."""
        return queries.NOUNS[self.model]

    def list(self, args: dict) -> Any:
        """The rules the list arguments `args` ask for."""
        return (self.listing or partial(queries.rule_listing, self.model))(args)

    def get(self, rule_id: int) -> Any:
        """The rule with `rule_id`, or a 404 problem."""
        return queries.get_rule(self.model, rule_id)


def mount(kind: RuleKind) -> None:
    """Route one kind's collection (list, create) and items (read, change, delete)."""
    output, created, changed, filters = kind.schemas
    item_endpoint = f"{kind.path}_item"

    @rules_blp.route(f"/{kind.path}", endpoint=kind.path)
    class Collection(MethodView):
        @role_required(Role.EDITOR)
        @rules_blp.arguments(filters, location="query")
        @rules_blp.response(200, page_schema(output))
        def get(self, args):
            return paginate(kind.list(args), args["page"], args["per_page"])

        get.__doc__ = f"List {kind.label}s, oldest first, by {kind.listed_by}."

        @role_required(Role.EDITOR)
        @rules_blp.arguments(created)
        @tagged_by_content
        @rules_blp.response(201, output)
        def post(self, data):
            rule = kind.create(data)
            location = url_for(f"search_rules.{item_endpoint}", rule_id=rule.id)
            return rule, {"Location": location}

        post.__doc__ = f"Add a {kind.label}: live at once everywhere, or a draft."

    @rules_blp.route(f"/{kind.path}/<id:rule_id>", endpoint=item_endpoint)
    class Item(MethodView):
        @role_required(Role.EDITOR)
        @tagged_by_content
        @rules_blp.response(200, output)
        def get(self, rule_id):
            return kind.get(rule_id)

        get.__doc__ = f"Read a {kind.label}."

        @documents_if_match
        @role_required(Role.EDITOR)
        @rules_blp.arguments(changed)
        @tagged_by_content
        @rules_blp.response(200, output)
        def patch(self, changes, rule_id):
            rule = kind.get(rule_id)
            require_if_match(current_etag(output(), rule))
            return kind.update(rule, changes)

        patch.__doc__ = f"Change a {kind.label}, or publish a draft (needs If-Match)."

        @documents_if_match
        @role_required(Role.EDITOR)
        @rules_blp.response(204)
        def delete(self, rule_id):
            rule = kind.get(rule_id)
            require_if_match(current_etag(output(), rule))
            services.delete_rule(rule)

        delete.__doc__ = f"Delete a {kind.label} (needs If-Match); the audit log keeps it."


RULE_KINDS = (
    RuleKind(
        "synonyms",
        SynonymRule,
        (SynonymRuleSchema, SynonymRuleInputSchema, SynonymRuleUpdateSchema, SynonymRuleListArgs),
        services.create_synonym_rule,
        services.update_synonym_rule,
        queries.synonym_listing,
        "`kind`, `status` and a `term` they name",
    ),
    RuleKind(
        "redirects",
        SearchRedirect,
        (SearchRedirectSchema, SearchRedirectInputSchema, SearchRedirectUpdateSchema,
         QueryRuleListArgs),
        services.create_redirect,
        services.update_redirect,
    ),
    RuleKind(
        "pins",
        SearchPin,
        (SearchPinSchema, SearchPinInputSchema, SearchPinUpdateSchema, QueryRuleListArgs),
        services.create_pin,
        services.update_pin,
    ),
    RuleKind(
        "boosts",
        SearchBoost,
        (SearchBoostSchema, SearchBoostInputSchema, SearchBoostUpdateSchema, QueryRuleListArgs),
        services.create_boost,
        services.update_boost,
    ),
)  # fmt: skip
for _kind in RULE_KINDS:
    mount(_kind)


@rules_blp.route("/preview")
@role_required(Role.EDITOR)
@rules_blp.arguments(PreviewArgs, location="query")
@rules_blp.response(200, PreviewSchema)
def preview_rules(args):
    """Run a query with the live rules, and with the draft rules applied too, side by side."""
    return preview(args["q"])


blueprints = (rules_blp,)
