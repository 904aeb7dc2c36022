"""Enquiry endpoints: shoppers ask about a product; staff list, read and move enquiries on."""

from flask.views import MethodView
from flask_smorest import Blueprint

from catalog import queries as catalog_queries
from core.auth.guards import role_required
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import page_schema, paginate
from enquiries import queries, services
from enquiries.schemas import (
    EnquiryInputSchema,
    EnquiryQueryArgs,
    EnquiryReceiptSchema,
    EnquirySchema,
    EnquiryStatusSchema,
)

RECEIVED = "Thank you: your enquiry was received. We reply by email, usually within a working day."

product_enquiries_blp = Blueprint(
    "product_enquiries",
    __name__,
    url_prefix="/api/v1/products",
    description="Shoppers' enquiries (requests for a quote) about a published product",
)
enquiries_blp = Blueprint(
    "enquiries", __name__, url_prefix="/api/v1/enquiries", description="Enquiries, for staff"
)


@product_enquiries_blp.route("/<slug:slug>/enquiries", methods=["POST"])
@product_enquiries_blp.arguments(EnquiryInputSchema)
@product_enquiries_blp.response(202, EnquiryReceiptSchema)
def send_enquiry(data, slug):
    """Ask about a product or request a quote (no sign-in; rate-limited per address).

    Give quantities by finish, a message, or both. Staff reply by email.
    """
    product = catalog_queries.get_product(slug, staff=False)
    services.receive_enquiry(product, data)
    # A robot that filled the honeypot is answered alike, so it learns nothing.
    return {"received": True, "product": product.slug, "detail": RECEIVED}


@enquiries_blp.route("")
class Enquiries(MethodView):
    """The enquiry collection."""

    @role_required(Role.EDITOR)
    @enquiries_blp.arguments(EnquiryQueryArgs, location="query")
    @enquiries_blp.response(200, page_schema(EnquirySchema))
    def get(self, args):
        """List enquiries, newest first, by `status` and `product` when given."""
        statement = queries.enquiry_listing(args)
        return paginate(statement, args["page"], args["per_page"], *queries.LOAD_OPTIONS)


@enquiries_blp.route("/<id:enquiry_id>")
class EnquiryItem(MethodView):
    """One enquiry."""

    @role_required(Role.EDITOR)
    @tagged_by_content
    @enquiries_blp.response(200, EnquirySchema)
    def get(self, enquiry_id):
        """Read an enquiry with its quantities and whether staff were emailed."""
        return queries.get_enquiry(enquiry_id)

    @documents_if_match
    @role_required(Role.EDITOR)
    @enquiries_blp.arguments(EnquiryStatusSchema)
    @tagged_by_content
    @enquiries_blp.response(200, EnquirySchema)
    def patch(self, changes, enquiry_id):
        """Mark an enquiry new, answered or closed (needs If-Match)."""
        enquiry = queries.get_enquiry(enquiry_id)
        require_if_match(current_etag(EnquirySchema(), enquiry))
        return services.set_enquiry_status(enquiry, changes["status"])


blueprints = (product_enquiries_blp, enquiries_blp)
