"""The product list: search, filters, paging and bulk publish or archive of selected rows."""

from functools import partial

from flask import flash, redirect, render_template, request
from sqlalchemy import select

from catalog import queries as catalog_queries
from catalog import services as catalog_services
from catalog.models import Brand, Category, Finish, Product, ProductStatus
from catalog.schemas import ProductQueryArgs
from console.forms import attempt
from console.guard import console, safe_next
from core.extensions import db
from core.problems import Problem
from web.facets import load_arguments

PER_PAGE = 25
LIST_ARGUMENTS = {"q", "status", "brand", "category", "finish", "in_stock", "page"}
MAX_SELECTED = 200
BULK_ACTIONS = {"publish": ProductStatus.PUBLISHED, "archive": ProductStatus.ARCHIVED}


@console.route("/products")
def products():
    """Every product, drafts and archived ones too, filtered and searched like the storefront."""
    args = load_arguments(ProductQueryArgs(), request.args, LIST_ARGUMENTS)
    listing = catalog_queries.listed_products(
        args, staff=True, page=args["page"], per_page=PER_PAGE
    )
    slugs = [item["slug"] for item in listing["items"]]
    by_slug = select(Product.slug, Product.id).where(Product.slug.in_(slugs))
    ids = {row.slug: row.id for row in db.session.execute(by_slug)}
    return render_template(
        "console/products.html",
        title="Products",
        items=[{**item, "id": ids.get(item["slug"])} for item in listing["items"]],
        page=listing["meta"],
        args=args,
        brands=_terms(Brand),
        categories=_terms(Category),
        finishes=_terms(Finish),
        statuses=[status.value for status in ProductStatus],
    )


@console.route("/products/bulk", methods=["POST"])
def products_bulk():
    """Publish or archive the selected products, each in its own transaction."""
    action = request.form.get("action", "")
    if action not in BULK_ACTIONS:
        raise Problem(400, "Choose publish or archive for the selected products.", kind="bad-form")
    status = BULK_ACTIONS[action]
    chosen = _selected_ids()
    done, refused = [], []
    for product in list(db.session.scalars(select(Product).where(Product.id.in_(chosen)))):
        name = product.name
        problem = attempt(partial(catalog_services.update_product, product, {"status": status}))
        if problem is None:
            done.append(name)
        else:
            refused.append(f"{name} ({problem.detail})")
    verb = "Published" if action == "publish" else "Archived"
    if done:
        flash(f"{verb} {len(done)}: {', '.join(done)}.")
    if refused:
        flash(f"Not changed: {'; '.join(refused)}")
    if not done and not refused:
        flash("No products were selected.")
    return redirect(safe_next(request.form.get("back"), "console.products"), 303)


def _selected_ids() -> list[int]:
    values = request.form.getlist("selected")
    if len(values) > MAX_SELECTED:
        raise Problem(
            400, f"Select at most {MAX_SELECTED} products at a time.", kind="too-many-selected"
        )
    if not all(value.isdigit() and len(value) < 12 for value in values):
        raise Problem(400, "A selected product is not a product id.", kind="bad-form")
    return [int(value) for value in values]


def _terms(model) -> list:
    return list(db.session.scalars(select(model).order_by(model.name)))
