"""Product endpoints: public listing and detail, editor writes."""

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog import queries, services
from catalog.comparison_routes import comparisons_blp
from catalog.listing_cache import cached_for_shoppers
from catalog.schemas import (
    HardDeleteArgs,
    ProductInputSchema,
    ProductQueryArgs,
    ProductSchema,
    ProductSummarySchema,
    ProductUpdateSchema,
)
from catalog.term_routes import term_blueprints
from core.audit.queries import object_history
from core.audit.schemas import AuditEntrySchema
from core.auth.guards import is_staff, require_admin_for, role_required
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import PaginationArgs, page_schema, paginate

products_blp = Blueprint(
    "products", __name__, url_prefix="/api/v1/products", description="Faucets and their variants"
)


@products_blp.route("")
class Products(MethodView):
    """The product collection."""

    @cached_for_shoppers
    # An instance, not the class: webargs would build the schema anew for every request.
    @products_blp.arguments(ProductQueryArgs(), location="query")
    @products_blp.response(200, page_schema(ProductSummarySchema))
    def get(self, args):
        """List products; shoppers see published ones, staff may ask for any `status`.

        With `q`, the search engine matches and ranks (sort defaults to relevance).
        """
        listed = queries.listed_products_json(
            args, staff=is_staff(), page=args["page"], per_page=args["per_page"], observed=True
        )
        return Response(listed, mimetype="application/json")

    @role_required(Role.EDITOR)
    @products_blp.arguments(ProductInputSchema)
    @tagged_by_content
    @products_blp.response(201, ProductSchema)
    def post(self, data):
        """Create a product with its variants."""
        product = services.create_product(data)
        return product, {"Location": url_for("products.ProductItem", slug=product.slug)}


@products_blp.route("/<slug:slug>")
class ProductItem(MethodView):
    """One product."""

    @tagged_by_content
    @products_blp.response(200, ProductSchema)
    @products_blp.alt_response(301, description="The product moved to a new slug (Location)")
    def get(self, slug):
        """Read a product with variants, specs, certifications and images."""
        product = queries.get_product(slug, staff=is_staff(), old_slugs=True)
        if product.slug != slug:
            location = url_for("products.ProductItem", slug=product.slug)
            return Response(status=301, headers={"Location": location})
        return product

    @documents_if_match
    @role_required(Role.EDITOR)
    @products_blp.arguments(ProductUpdateSchema)
    @tagged_by_content
    @products_blp.response(200, ProductSchema)
    def patch(self, changes, slug):
        """Change a product (needs If-Match)."""
        product = product_for_write(slug)
        return services.update_product(product, changes)

    @documents_if_match
    @role_required(Role.EDITOR)
    @products_blp.arguments(HardDeleteArgs, location="query")
    @products_blp.response(204)
    def delete(self, args, slug):
        """Archive a product (needs If-Match); admins may destroy it with `hard=true`."""
        require_admin_for(args["hard"], "destroy products")
        product = product_for_write(slug)
        if args["hard"]:
            services.delete_product(product)
        else:
            services.archive_product(product)


@products_blp.route("/<slug:slug>/history")
@role_required(Role.EDITOR)
@products_blp.arguments(PaginationArgs, location="query")
@products_blp.response(200, page_schema(AuditEntrySchema))
def product_history(args, slug):
    """Who changed this product, when and how (its variants and images too), newest first."""
    product = queries.get_product(slug, staff=True)
    return paginate(object_history(product), args["page"], args["per_page"])


def product_for_write(slug):
    """The product at `slug`, once If-Match names the ETag staff would read it with now."""
    product = queries.get_product(slug, staff=True)
    require_if_match(current_etag(ProductSchema(), product))
    return product


blueprints = (products_blp, comparisons_blp, *term_blueprints)
