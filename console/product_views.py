"""A product's preview (its page as shoppers will see it) and its audit history."""

from flask import render_template, request

from catalog.models import Product
from console.guard import console
from console.history import described
from console.product_editor import load_product
from core.audit.queries import object_history
from core.pagination import PaginationArgs, paginate
from web.catalogue_pages import product_page
from web.facets import load_arguments

HISTORY_PER_PAGE = 30


@console.route("/products/<int:product_id>/preview")
def product_preview(product_id: int):
    """The product page exactly as shoppers will see it, shown to staff only, draft or not."""
    return product_page(load_product(product_id), preview=True)


@console.route("/products/<int:product_id>/history")
def product_history(product_id: int):
    """Who changed the product (its variants and photos too), when, and from what to what."""
    product: Product = load_product(product_id)
    page = load_arguments(PaginationArgs(), request.args, {"page"})["page"]
    listing = paginate(object_history(product), page, HISTORY_PER_PAGE)
    return render_template(
        "console/history.html",
        title=f"History of {product.name}",
        subject=product.name,
        back=("console.product_edit", {"product_id": product.id}),
        entries=[described(entry) for entry in listing["items"]],
        page=listing["meta"],
    )
