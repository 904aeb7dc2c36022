"""The product editor: create, change, publish, schedule, unpublish, archive; conflicts merged."""

from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from catalog import services as catalog_services
from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    HandleType,
    Mounting,
    Product,
    SpoutType,
)
from catalog.schemas import ProductInputSchema, ProductUpdateSchema
from console import product_form
from console.forms import (
    FORM_ERROR,
    Conflict,
    Loaded,
    attempt,
    chosen_action,
    conflict_with,
    load_body,
    moment_of,
    problem_errors,
    replay_double_submission,
    saved_meanwhile,
    submitted_version,
)
from console.guard import console
from console.history import register_edit_page
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem
from web.facets import VALUE_LABELS

ACTIONS = ("save", "publish", "schedule", "unpublish", "archive")
register_edit_page("product", "console.product_edit", "product_id")


@console.route("/products/new", methods=["GET", "POST"])
def product_new():
    """A blank product form; saving creates the product (once, however often it is sent)."""
    if request.method == "GET":
        return _editor(None, product_form.blank_values(), {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = product_form.values_from(request.form)
    action = chosen_action(ACTIONS)
    body = product_form.body_of(values, status=_status_for(action))
    schedule_errors = _schedule_errors(action, values, body)
    data, errors = load_body(ProductInputSchema(), body)
    errors.update(schedule_errors)
    created: list[Product] = []
    if data is not None and not errors:
        problem = attempt(lambda: created.append(catalog_services.create_product(data)))
        if problem is None:
            flash(f"Created {created[0].name} ({status_word(created[0])}).")
            return redirect(url_for("console.product_edit", product_id=created[0].id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, product_form.form_errors(errors), status=422)


@console.route("/products/<int:product_id>", methods=["GET", "POST"])
def product_edit(product_id: int):
    """A product's form; saving over a newer version shows what changed and merges."""
    product = load_product(product_id)
    if request.method == "GET":
        return _editor(product, product_form.values_of(product), {})
    loaded_at = submitted_version(product.version)
    values = product_form.values_from(request.form)
    if loaded_at != product.version:
        return _conflict(product, values)
    action = chosen_action(ACTIONS)
    body = product_form.body_of(values, status=_status_for(action))
    schedule_errors = _schedule_errors(action, values, body)
    if action == "publish":
        body["published_at"] = _publish_moment(product)
    data, errors = load_body(ProductUpdateSchema(), body)
    errors.update(schedule_errors)
    if data is None or errors:
        return _editor(product, values, product_form.form_errors(errors), status=422)
    problem = attempt(lambda: catalog_services.update_product(product, data))
    if saved_meanwhile(problem):
        return _conflict(load_product(product_id), values)
    if problem is not None:
        errors = product_form.form_errors(problem_errors(problem))
        return _editor(product, values, errors, status=422)
    flash(f"Saved {product.name} ({status_word(product)}).")
    return redirect(url_for("console.product_edit", product_id=product.id), 303)


def _conflict(product: Product, mine: dict[str, Any]):
    """The editor showing the newer version with this user's own changes applied on top."""
    conflict = conflict_with(product, mine, product_form.values_of(product))
    return _editor(product, conflict.values, {}, status=409, conflict=conflict)


def _editor(
    product: Product | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    *,
    status: int = 200,
    conflict: Conflict | None = None,
):
    """Render the editor; the original values and the version travel with the form."""
    loaded = Loaded.now(product, product_form.values_of(product)) if product else None
    page = render_template(
        "console/product_edit.html",
        title=f"Edit {product.name}" if product else "New product",
        product=product,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        loaded=loaded,
        conflict=conflict,
        choices=_choices(),
        row_count=max(len(values["variants"]) + 2, 3),
    )
    return page, status


def _choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the editor's lists, as (value, label); archived terms are left out."""

    def named(model, label: str = "name") -> list[tuple[str, str]]:
        rows = db.session.scalars(
            select(model).where(model.archived_at.is_(None)).order_by(model.name)
        )
        return [(row.slug, getattr(row, label)) for row in rows]

    def labelled(enum, facet: str) -> list[tuple[str, str]]:
        labels = VALUE_LABELS.get(facet, {})
        return [
            (member.value, labels.get(member.value, member.value.replace("-", " ").capitalize()))
            for member in enum
        ]

    return {
        "brands": named(Brand),
        "categories": named(Category),
        "finishes": named(Finish),
        "certifications": named(Certification, "code"),
        "handle_types": labelled(HandleType, "handle_type"),
        "mountings": labelled(Mounting, "mounting"),
        "spout_types": labelled(SpoutType, "spout_type"),
    }


def _status_for(action: str) -> str | None:
    return {
        "publish": "published",
        "schedule": "published",
        "unpublish": "draft",
        "archive": "archived",
    }.get(action)


def _schedule_errors(action: str, values: dict[str, Any], body: dict[str, Any]) -> dict:
    """A schedule needs a time ahead; it becomes the product's publication time."""
    if action != "schedule":
        return {}
    moment = moment_of(values["publish_at"])
    body["published_at"] = moment
    if not values["publish_at"]:
        return {"published_at": ["Pick the date and time (UTC) to publish at."]}
    try:
        ahead = datetime.fromisoformat(moment) > utcnow()
    except ValueError:
        return {}  # not a moment at all: the schema says so in its own words
    return {} if ahead else {"published_at": ["Pick a time in the future, or publish now."]}


def _publish_moment(product: Product) -> str:
    """Publishing now keeps an earlier publication time and replaces a scheduled one."""
    now = utcnow()
    published = product.published_at
    return (published if published is not None and published <= now else now).isoformat()


@console.app_template_global("product_status")
def status_word(product: Product) -> str:
    """Where a product stands for shoppers: draft, scheduled, published or archived."""
    if product.status == "published" and product.published_at and product.published_at > utcnow():
        return "scheduled"
    return product.status.value


def load_product(product_id: int) -> Product:
    """The product with `product_id`, drafts and archived ones too, or a 404 page."""
    product = db.session.get(Product, product_id)
    if product is None:
        raise Problem(404, f"No product with id {product_id}.", kind="not-found")
    return product
