"""Enquiries: staff read shoppers' requests for a quote, newest first, and mark them answered or
closed; a change goes through the enquiry service, so it is audited and version-checked."""

from flask import flash, redirect, render_template, request, url_for

from console.forms import FORM_ERROR, attempt, load_body, problem_errors, submitted_version
from console.guard import console
from core.pagination import paginate
from enquiries import queries, services
from enquiries.models import Enquiry, EnquiryStatus
from enquiries.schemas import EnquiryQueryArgs, EnquiryStatusSchema
from web.facets import load_arguments

PER_PAGE = 25
LIST_ARGUMENTS = {"status", "page"}
ACTIONS = {  # the buttons of an enquiry's page: status → label
    EnquiryStatus.ANSWERED: "Mark answered",
    EnquiryStatus.CLOSED: "Close",
    EnquiryStatus.NEW: "Reopen as new",
}


@console.route("/enquiries")
def enquiries():
    """Every enquiry, newest first, filtered by status."""
    args = load_arguments(EnquiryQueryArgs(), request.args, LIST_ARGUMENTS)
    listing = paginate(queries.enquiry_listing(args), args["page"], PER_PAGE, *queries.LOAD_OPTIONS)
    return render_template(
        "console/enquiries.html",
        title="Enquiries",
        items=listing["items"],
        page=listing["meta"],
        args=args,
        counts=queries.count_by_status(),
    )


@console.route("/enquiries/<int:enquiry_id>")
def enquiries_view(enquiry_id: int):
    """One enquiry: who asked, about what, how many in each finish, and whether staff were
    emailed; buttons move it on."""
    return _page(queries.get_enquiry(enquiry_id), {})


@console.route("/enquiries/<int:enquiry_id>/status", methods=["POST"])
def enquiries_status(enquiry_id: int):
    """Mark an enquiry answered, closed or new again, unless someone changed it meanwhile."""
    enquiry = queries.get_enquiry(enquiry_id)
    if submitted_version(enquiry.version) != enquiry.version:
        notice = (
            f"Someone changed this enquiry since you opened it (it is {enquiry.status.value} "
            "now); nothing was changed. Check it, then try again."
        )
        return _page(enquiry, {FORM_ERROR: [notice]}, 409)
    data, errors = load_body(EnquiryStatusSchema(), {"status": request.form.get("status", "")})
    if data is None:
        return _page(enquiry, errors, 422)
    problem = attempt(lambda: services.set_enquiry_status(enquiry, data["status"]))
    if problem is not None:
        return _page(queries.get_enquiry(enquiry_id), problem_errors(problem), problem.status)
    flash(f"{enquiry.reference} is {enquiry.status.value} now.")
    return redirect(url_for("console.enquiries_view", enquiry_id=enquiry.id), 303)


def _page(enquiry: Enquiry, errors: dict[str, list[str]], status: int = 200):
    page = render_template(
        "console/enquiry.html",
        title=f"Enquiry {enquiry.reference}",
        enquiry=enquiry,
        actions=[
            (value.value, label) for value, label in ACTIONS.items() if value != enquiry.status
        ],
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
    )
    return page, status
