"""Search rule endpoints, for staff: synonym rules, and a preview of the drafts."""

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from core.auth.guards import role_required
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import page_schema, paginate
from merchandising import queries, services
from merchandising.preview import preview
from merchandising.schemas import (
    PreviewArgs,
    PreviewSchema,
    SynonymRuleInputSchema,
    SynonymRuleListArgs,
    SynonymRuleSchema,
    SynonymRuleUpdateSchema,
)

synonyms_blp = Blueprint(
    "search_synonyms",
    __name__,
    url_prefix="/api/v1/search-rules",
    description="Search rules staff keep: synonyms, applied to every search without a deploy",
)


@synonyms_blp.route("/synonyms")
class SynonymRules(MethodView):
    """The synonym rules."""

    @role_required(Role.EDITOR)
    @synonyms_blp.arguments(SynonymRuleListArgs, location="query")
    @synonyms_blp.response(200, page_schema(SynonymRuleSchema))
    def get(self, args):
        """List synonym rules, oldest first, by `kind`, `status` and a `term` they name."""
        return paginate(queries.synonym_listing(args), args["page"], args["per_page"])

    @role_required(Role.EDITOR)
    @synonyms_blp.arguments(SynonymRuleInputSchema)
    @tagged_by_content
    @synonyms_blp.response(201, SynonymRuleSchema)
    def post(self, data):
        """Add a synonym rule: live at once on every worker, or a draft for the preview."""
        rule = services.create_synonym_rule(data)
        return rule, {"Location": url_for("search_synonyms.SynonymRuleItem", rule_id=rule.id)}


@synonyms_blp.route("/synonyms/<id:rule_id>")
class SynonymRuleItem(MethodView):
    """One synonym rule."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @synonyms_blp.response(200, SynonymRuleSchema)
    def get(self, rule_id):
        """Read a synonym rule."""
        return queries.get_synonym_rule(rule_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @synonyms_blp.arguments(SynonymRuleUpdateSchema)
    @tagged_by_content
    @synonyms_blp.response(200, SynonymRuleSchema)
    def patch(self, changes, rule_id):
        """Change a synonym rule, or publish a draft with `status: live` (needs If-Match)."""
        rule = queries.get_synonym_rule(rule_id)
        require_if_match(current_etag(SynonymRuleSchema(), rule))
        return services.update_synonym_rule(rule, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @synonyms_blp.response(204)
    def delete(self, rule_id):
        """Delete a synonym rule (needs If-Match); the audit log keeps what it was."""
        rule = queries.get_synonym_rule(rule_id)
        require_if_match(current_etag(SynonymRuleSchema(), rule))
        services.delete_synonym_rule(rule)


@synonyms_blp.route("/preview")
@role_required(Role.EDITOR)
@synonyms_blp.arguments(PreviewArgs, location="query")
@synonyms_blp.response(200, PreviewSchema)
def preview_rules(args):
    """Run a query with the live rules, and with the draft rules applied too, side by side."""
    return preview(args["q"])


blueprints = (synonyms_blp,)
