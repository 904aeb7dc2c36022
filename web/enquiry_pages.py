"""The product page's "Request a quote" form, sent without JavaScript: a POST that stores the
enquiry through the enquiry service, then a redirect to a thank-you page (Post/Redirect/Get)."""

import marshmallow as ma
from flask import redirect, render_template, url_for

from catalog import queries as catalog_queries
from core.problems import Problem, flatten_messages
from enquiries import services
from enquiries.schemas import EnquiryInputSchema
from web.catalogue_pages import product_page
from web.enquiry_form import (
    FORM_ERROR,
    enquiry_form,
    field_errors,
    forged_or_stale,
    request_body,
    sent_values,
)
from web.site import PageMeta, site


@site.route("/p/<slug:slug>/enquiry", methods=["POST"])
def send_enquiry(slug):
    """Store a shopper's enquiry about a published product; errors re-show the form, filled."""
    product = catalog_queries.get_product(slug, staff=False)
    values = sent_values(product)
    refusal = forged_or_stale(product)
    if refusal is not None:
        return _form_again(product, values, {FORM_ERROR: [refusal]}, 400)
    body, quantity_fields = request_body(product, values)
    try:
        data = EnquiryInputSchema().load(body)
    except ma.ValidationError as error:
        errors = field_errors(flatten_messages(error.messages), quantity_fields)
        return _form_again(product, values, errors, 422)
    try:
        services.receive_enquiry(product, data)
    except Problem as problem:  # refused before anything was written (a finish not offered)
        errors = field_errors(
            dict(problem.errors or {FORM_ERROR: [problem.detail]}), quantity_fields
        )
        return _form_again(product, values, errors, problem.status)
    return redirect(url_for("web.enquiry_sent", slug=product.slug), 303)


@site.route("/p/<slug:slug>/enquiry/sent")
def enquiry_sent(slug):
    """Thanks: the enquiry was received, and what happens next."""
    product = catalog_queries.get_product(slug, staff=False)
    meta = PageMeta(
        title="Thank you for your enquiry",
        description=f"Your enquiry about {product.name} was received.",
        canonical="",
        indexable=False,
    )
    return render_template("enquiry_sent.html", meta=meta, product=product)


def _form_again(product, values: dict[str, str], errors: dict[str, list[str]], status: int):
    """The product page with the form as sent and its messages (a fresh token)."""
    return product_page(product, enquiry=enquiry_form(product, values, errors)), status
