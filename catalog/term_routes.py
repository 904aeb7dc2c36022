"""Brand, category, finish, certification and market endpoints, built from one pattern."""

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog import queries, services
from catalog.models import Brand, Category, Certification, Finish, Market
from catalog.schemas import HardDeleteArgs
from catalog.term_schemas import (
    ArchivedArgs,
    BrandInputSchema,
    BrandSchema,
    BrandUpdateSchema,
    CategoryInputSchema,
    CategorySchema,
    CategoryTreeListSchema,
    CategoryUpdateSchema,
    CertificationInputSchema,
    CertificationSchema,
    CertificationUpdateSchema,
    FinishInputSchema,
    FinishSchema,
    FinishUpdateSchema,
    MarketInputSchema,
    MarketSchema,
    MarketUpdateSchema,
    TermListArgs,
)
from core.auth.guards import is_staff, require_admin_for, role_required
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import page_schema, paginate


def term_blueprint(model, plural: str, schemas: tuple, *, as_tree: bool = False) -> Blueprint:
    """A blueprint with list/create and read/update/archive endpoints for one kind of term."""
    output_schema, input_schema, update_schema = schemas
    label = model.__name__.lower()
    blp = Blueprint(plural, __name__, url_prefix=f"/api/v1/{plural}", description=plural.title())

    @blp.route("")
    class Collection(MethodView):
        @blp.arguments(ArchivedArgs if as_tree else TermListArgs, location="query")
        @blp.response(200, CategoryTreeListSchema if as_tree else page_schema(output_schema))
        def get(self, args):
            include_archived = args["include_archived"] and is_staff()
            if as_tree:
                return {"items": queries.category_tree(include_archived=include_archived)}
            statement = queries.term_listing(model, include_archived=include_archived)
            return paginate(statement, args["page"], args["per_page"])

        @role_required(Role.EDITOR)
        @blp.arguments(input_schema)
        @tagged_by_content
        @blp.response(201, output_schema)
        def post(self, data):
            term = services.create_term(model, data)
            return term, {"Location": url_for(f"{plural}.Item", slug=term.slug)}

    @blp.route("/<slug:slug>")
    class Item(MethodView):
        @tagged_by_content
        @blp.response(200, output_schema)
        def get(self, slug):
            return queries.get_term(model, slug)

        @documents_if_match
        @role_required(Role.EDITOR)
        @blp.arguments(update_schema)
        @tagged_by_content
        @blp.response(200, output_schema)
        def patch(self, changes, slug):
            term = queries.get_term(model, slug)
            require_if_match(current_etag(output_schema(), term))
            return services.update_term(term, changes)

        @documents_if_match
        @role_required(Role.EDITOR)
        @blp.arguments(HardDeleteArgs, location="query")
        @blp.response(204)
        def delete(self, args, slug):
            require_admin_for(args["hard"], f"destroy a {label}")
            term = queries.get_term(model, slug)
            require_if_match(current_etag(output_schema(), term))
            if args["hard"]:
                services.delete_term(term)
            else:
                services.archive_term(term)

    _document(Collection, f"List {plural} (GET) or create a {label} (POST, editors).")
    _document(Item, f"Read (GET), change (PATCH, If-Match) or archive (DELETE) a {label}.")
    return blp


def _document(view: type[MethodView], text: str) -> None:
    view.__doc__ = text


term_blueprints = (
    term_blueprint(Brand, "brands", (BrandSchema, BrandInputSchema, BrandUpdateSchema)),
    term_blueprint(
        Category,
        "categories",
        (CategorySchema, CategoryInputSchema, CategoryUpdateSchema),
        as_tree=True,
    ),
    term_blueprint(Finish, "finishes", (FinishSchema, FinishInputSchema, FinishUpdateSchema)),
    term_blueprint(
        Certification,
        "certifications",
        (CertificationSchema, CertificationInputSchema, CertificationUpdateSchema),
    ),
    term_blueprint(Market, "markets", (MarketSchema, MarketInputSchema, MarketUpdateSchema)),
)
