"""Search rule endpoints, for staff: synonym rules, redirects, pins, and a preview of drafts."""

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
    description="Search rules staff keep (synonyms, redirects), applied without a deploy",
)


@rules_blp.route("/synonyms")
class SynonymRules(MethodView):
    """The synonym rules."""

    @role_required(Role.EDITOR)
    @rules_blp.arguments(SynonymRuleListArgs, location="query")
    @rules_blp.response(200, page_schema(SynonymRuleSchema))
    def get(self, args):
        """List synonym rules, oldest first, by `kind`, `status` and a `term` they name."""
        return paginate(queries.synonym_listing(args), args["page"], args["per_page"])

    @role_required(Role.EDITOR)
    @rules_blp.arguments(SynonymRuleInputSchema)
    @tagged_by_content
    @rules_blp.response(201, SynonymRuleSchema)
    def post(self, data):
        """Add a synonym rule: live at once on every worker, or a draft for the preview."""
        rule = services.create_synonym_rule(data)
        return rule, {"Location": url_for("search_rules.SynonymRuleItem", rule_id=rule.id)}


@rules_blp.route("/synonyms/<id:rule_id>")
class SynonymRuleItem(MethodView):
    """One synonym rule."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @rules_blp.response(200, SynonymRuleSchema)
    def get(self, rule_id):
        """Read a synonym rule."""
        return queries.get_synonym_rule(rule_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.arguments(SynonymRuleUpdateSchema)
    @tagged_by_content
    @rules_blp.response(200, SynonymRuleSchema)
    def patch(self, changes, rule_id):
        """Change a synonym rule, or publish a draft with `status: live` (needs If-Match)."""
        rule = queries.get_synonym_rule(rule_id)
        require_if_match(current_etag(SynonymRuleSchema(), rule))
        return services.update_synonym_rule(rule, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.response(204)
    def delete(self, rule_id):
        """Delete a synonym rule (needs If-Match); the audit log keeps what it was."""
        rule = queries.get_synonym_rule(rule_id)
        require_if_match(current_etag(SynonymRuleSchema(), rule))
        services.delete_synonym_rule(rule)


@rules_blp.route("/redirects")
class SearchRedirects(MethodView):
    """The search redirects."""

    @role_required(Role.EDITOR)
    @rules_blp.arguments(QueryRuleListArgs, location="query")
    @rules_blp.response(200, page_schema(SearchRedirectSchema))
    def get(self, args):
        """List search redirects, oldest first, by `status`."""
        return paginate(queries.redirect_listing(args), args["page"], args["per_page"])

    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchRedirectInputSchema)
    @tagged_by_content
    @rules_blp.response(201, SearchRedirectSchema)
    def post(self, data):
        """Send a query straight to a page of the site (only paths of this site)."""
        redirect = services.create_redirect(data)
        location = url_for("search_rules.SearchRedirectItem", redirect_id=redirect.id)
        return redirect, {"Location": location}


@rules_blp.route("/redirects/<id:redirect_id>")
class SearchRedirectItem(MethodView):
    """One search redirect."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @rules_blp.response(200, SearchRedirectSchema)
    def get(self, redirect_id):
        """Read a search redirect."""
        return queries.get_redirect(redirect_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchRedirectUpdateSchema)
    @tagged_by_content
    @rules_blp.response(200, SearchRedirectSchema)
    def patch(self, changes, redirect_id):
        """Change a search redirect, or publish a draft (needs If-Match)."""
        redirect = queries.get_redirect(redirect_id)
        require_if_match(current_etag(SearchRedirectSchema(), redirect))
        return services.update_redirect(redirect, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.response(204)
    def delete(self, redirect_id):
        """Delete a search redirect (needs If-Match)."""
        redirect = queries.get_redirect(redirect_id)
        require_if_match(current_etag(SearchRedirectSchema(), redirect))
        services.delete_redirect(redirect)


@rules_blp.route("/pins")
class SearchPins(MethodView):
    """The pin rules."""

    @role_required(Role.EDITOR)
    @rules_blp.arguments(QueryRuleListArgs, location="query")
    @rules_blp.response(200, page_schema(SearchPinSchema))
    def get(self, args):
        """List pin rules, oldest first, by `status`."""
        return paginate(queries.pin_listing(args), args["page"], args["per_page"])

    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchPinInputSchema)
    @tagged_by_content
    @rules_blp.response(201, SearchPinSchema)
    def post(self, data):
        """For a query, put products or articles first (by slug, in order) or leave some out."""
        pin = services.create_pin(data)
        return pin, {"Location": url_for("search_rules.SearchPinItem", pin_id=pin.id)}


@rules_blp.route("/pins/<id:pin_id>")
class SearchPinItem(MethodView):
    """One pin rule."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @rules_blp.response(200, SearchPinSchema)
    def get(self, pin_id):
        """Read a pin rule, with how each document it names stands now."""
        return queries.get_pin(pin_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchPinUpdateSchema)
    @tagged_by_content
    @rules_blp.response(200, SearchPinSchema)
    def patch(self, changes, pin_id):
        """Change a pin rule; a list given replaces the stored one (needs If-Match)."""
        pin = queries.get_pin(pin_id)
        require_if_match(current_etag(SearchPinSchema(), pin))
        return services.update_pin(pin, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.response(204)
    def delete(self, pin_id):
        """Delete a pin rule (needs If-Match)."""
        pin = queries.get_pin(pin_id)
        require_if_match(current_etag(SearchPinSchema(), pin))
        services.delete_pin(pin)


@rules_blp.route("/boosts")
class SearchBoosts(MethodView):
    """The boosts."""

    @role_required(Role.EDITOR)
    @rules_blp.arguments(QueryRuleListArgs, location="query")
    @rules_blp.response(200, page_schema(SearchBoostSchema))
    def get(self, args):
        """List boosts, oldest first, by `status`."""
        return paginate(queries.boost_listing(args), args["page"], args["per_page"])

    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchBoostInputSchema)
    @tagged_by_content
    @rules_blp.response(201, SearchBoostSchema)
    def post(self, data):
        """Raise products in stock, of a brand, in a finish or new, in every relevance ranking."""
        boost = services.create_boost(data)
        return boost, {"Location": url_for("search_rules.SearchBoostItem", boost_id=boost.id)}


@rules_blp.route("/boosts/<id:boost_id>")
class SearchBoostItem(MethodView):
    """One boost."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @rules_blp.response(200, SearchBoostSchema)
    def get(self, boost_id):
        """Read a boost."""
        return queries.get_boost(boost_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.arguments(SearchBoostUpdateSchema)
    @tagged_by_content
    @rules_blp.response(200, SearchBoostSchema)
    def patch(self, changes, boost_id):
        """Change a boost's weight or what it raises (needs If-Match)."""
        boost = queries.get_boost(boost_id)
        require_if_match(current_etag(SearchBoostSchema(), boost))
        return services.update_boost(boost, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @rules_blp.response(204)
    def delete(self, boost_id):
        """Delete a boost (needs If-Match)."""
        boost = queries.get_boost(boost_id)
        require_if_match(current_etag(SearchBoostSchema(), boost))
        services.delete_boost(boost)


@rules_blp.route("/preview")
@role_required(Role.EDITOR)
@rules_blp.arguments(PreviewArgs, location="query")
@rules_blp.response(200, PreviewSchema)
def preview_rules(args):
    """Run a query with the live rules, and with the draft rules applied too, side by side."""
    return preview(args["q"])


blueprints = (rules_blp,)
