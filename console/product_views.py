"""A product's preview (its page as shoppers will see it) and its audit history."""

from console.guard import console
from console.history import history_page
from console.product_editor import load_product
from web.catalogue_pages import product_page


@console.route("/products/<int:product_id>/preview")
def product_preview(product_id: int):
    """The product page exactly as shoppers will see it, shown to staff only, draft or not."""
    return product_page(load_product(product_id), preview=True)


@console.route("/products/<int:product_id>/history")
def product_history(product_id: int):
    """Who changed the product (its variants and photos too), when, and from what to what."""
    product = load_product(product_id)
    return history_page(product, product.name, "console.product_edit", "product_id")
