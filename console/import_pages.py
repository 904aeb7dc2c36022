"""Imports: upload a spreadsheet of products, download the catalogue as one, list the imports."""

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from bulk import export, queries, services
from bulk.models import RUNNABLE, ImportItem, ImportJob, ImportState
from bulk.schemas import ExportArgs
from catalog.models import Product, ProductStatus
from console.forms import FORM_ERROR, attempt, problem_errors, replay_double_submission
from console.guard import console, signed_in
from core.extensions import db
from core.pagination import PaginationArgs, paginate
from web.facets import load_arguments

JOBS_PER_PAGE = 20
PRODUCTS_PER_PAGE = 50
CHOICES = ("dry_run", "create_terms")  # the upload form's checkboxes
FIRST_CHOICES = {"dry_run": True, "create_terms": False}
NO_FILE = "Choose the CSV or XLSX file to import."
# What an import's counts mean, in the order they are shown.
COUNT_WORDS = {
    "create": "to create",
    "update": "to update",
    "unchanged": "unchanged",
    "invalid": "invalid",
    "created": "created",
    "updated": "updated",
    "failed": "failed",
}
VALID_COUNTS = ("create", "update", "unchanged")
WRITTEN_COUNTS = ("created", "updated", "failed")
WRITING_STATES = (ImportState.APPLYING, ImportState.APPLIED)
STEP_WORDS = {
    ImportState.VALIDATING: "Checking",
    ImportState.VALIDATED: "Checked",
    ImportState.APPLYING: "Writing",
    ImportState.APPLIED: "Written",
}
STATE_WORDS = {
    ImportState.VALIDATING: "Checking the file (waiting for a worker, or under way).",
    ImportState.VALIDATED: "Checked; nothing has been written.",
    ImportState.APPLYING: "Writing the products, each one whole.",
    ImportState.APPLIED: "Done: each product was written or left out, as the table shows.",
    ImportState.FAILED: "Stopped by an error; products written before it stay written.",
}


@console.before_app_request
def bound_the_upload_body() -> None:
    """Let the upload's body run past IMPORT_MAX_BYTES by the app's usual body limit, so that a
    file a little too large is read up to that limit and refused beside its field; a body
    larger still is refused unread (the 413 page), as every other form's is."""
    if request.endpoint == "console.imports" and request.method == "POST":
        config = current_app.config
        request.max_content_length = config["IMPORT_MAX_BYTES"] + config["MAX_CONTENT_LENGTH"]


@console.route("/imports", methods=["GET", "POST"])
def imports():
    """Upload a spreadsheet to check (and apply); export the catalogue; the imports so far."""
    if request.method == "GET":
        return _imports_page(FIRST_CHOICES, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    choices = {name: bool(request.form.get(name)) for name in CHOICES}
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _imports_page(choices, {"file": [NO_FILE]}, status=422)
    limit = current_app.config["IMPORT_MAX_BYTES"]
    data = upload.stream.read(limit + 1)  # a byte past the limit is enough to refuse it
    if len(data) > limit:
        return _imports_page(choices, {"file": [services.too_large().detail]}, status=413)
    started: list[ImportJob] = []
    problem = attempt(
        lambda: started.append(
            services.start_import(
                upload.filename or "",
                data,
                user=signed_in(),
                dry_run=choices["dry_run"],
                create_terms=choices["create_terms"],
            )
        )
    )
    if problem is not None:
        return _imports_page(choices, problem_errors(problem), status=problem.status)
    job = started[0]
    flash(f"Uploaded {job.filename}: it is being checked{_then_applied(job)}.")
    return redirect(url_for("console.import_job", job_id=job.id), 303)


@console.route("/exports/products.<any(csv, xlsx):file_format>")
def export_products(file_format: str):
    """Download the products (every status, or the one chosen) as a CSV or XLSX spreadsheet."""
    args = load_arguments(ExportArgs(), request.args, {"status"})
    return export.export_response(args, file_format)


@console.route("/imports/<id:job_id>")
def import_job(job_id: int):
    """One import: its progress while it runs (the page reloads itself), then its report."""
    job = queries.get_job(job_id)
    args = load_arguments(PaginationArgs(), request.args, {"page"})
    products = paginate(queries.items_of(job, {}), args["page"], PRODUCTS_PER_PAGE)
    slugs = [item.slug for item in products["items"]]
    stored = select(Product.slug, Product.id).where(Product.slug.in_(slugs))
    report = queries.report(job)
    writing = job.state in WRITING_STATES or any(name in job.counts for name in WRITTEN_COUNTS)
    return render_template(
        "console/import.html",
        title=f"Import {job.id}: {job.filename}",
        job=job,
        report=report,
        running=job.state in RUNNABLE,
        state_words=STATE_WORDS[job.state],
        step=STEP_WORDS.get(job.state) or ("Writing stopped" if writing else "Checking stopped"),
        writing=writing,
        valid_products=sum(job.counts.get(name, 0) for name in VALID_COUNTS),
        items=products["items"],
        page=products["meta"],
        product_ids={row.slug: row.id for row in db.session.execute(stored)},
        line_ranges=line_ranges,
    )


@console.route("/imports/<id:job_id>/apply", methods=["POST"])
def import_apply(job_id: int):
    """Queue the writing of a checked import (of its valid products only, when asked)."""
    job = queries.get_job(job_id)
    valid_only = request.form.get("valid_only") == "1"
    problem = attempt(lambda: services.apply_import(job, valid_only=valid_only))
    if problem is None:
        flash("Applying the import: the products are being written.")
    else:
        flash(f"Nothing was applied: {problem.detail}")
    return redirect(url_for("console.import_job", job_id=job_id), 303)


def count_words(counts: dict[str, int]) -> str:
    """An import's non-zero counts in words: "2 to create, 1 invalid"."""
    shown = [f"{counts[name]} {words}" for name, words in COUNT_WORDS.items() if counts.get(name)]
    return ", ".join(shown)


def line_ranges(item: ImportItem) -> str:
    """The spreadsheet lines a product came from, runs joined: "2–4, 9"."""
    runs: list[list[int]] = []
    for line in sorted(line for line, _ in item.rows):
        if runs and line == runs[-1][1] + 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def _then_applied(job: ImportJob) -> str:
    return ", then applied if it is clean" if job.apply_when_valid else ""


def _imports_page(choices: dict[str, bool], errors: dict[str, list[str]], status: int = 200):
    args = load_arguments(PaginationArgs(), request.args, {"page"})
    listing = paginate(
        queries.jobs(),
        args["page"],
        JOBS_PER_PAGE,
        defer(ImportJob.source),  # the uploads still waiting to be read can be large
        joinedload(ImportJob.created_by),
    )
    page = render_template(
        "console/imports.html",
        title="Imports",
        choices=choices,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        jobs=listing["items"],
        page=listing["meta"],
        statuses=[status.value for status in ProductStatus],
        count_words=count_words,
    )
    return page, status
