"""Import and export endpoints: upload a spreadsheet, follow its check, apply it; download one."""

from flask import request, url_for
from flask_smorest import Blueprint

from bulk import export, queries, services
from bulk.schemas import (
    ApplySchema,
    ExportArgs,
    ImportFormSchema,
    ImportItemArgs,
    ImportItemSchema,
    ImportJobSchema,
    ImportUploadSchema,
)
from core.auth.guards import current_user, role_required
from core.auth.models import Role
from core.pagination import PaginationArgs, page_schema, paginate
from core.problems import validation_problem
from core.uploads import takes_files

imports_blp = Blueprint(
    "imports", __name__, url_prefix="/api/v1/imports", description="Spreadsheet imports"
)
exports_blp = Blueprint(
    "exports", __name__, url_prefix="/api/v1/exports", description="Spreadsheet exports"
)


@imports_blp.route("", methods=["POST"])
@imports_blp.doc(
    requestBody={
        "required": True,
        "content": {"multipart/form-data": {"schema": ImportUploadSchema}},
    }
)
@imports_blp.alt_response(413, description="The file is larger than IMPORT_MAX_BYTES")
@takes_files("IMPORT_MAX_BYTES")
@role_required(Role.EDITOR)
@imports_blp.arguments(ImportFormSchema, location="form")
@imports_blp.response(202, ImportJobSchema)
def start_import(form):
    """Upload a CSV or XLSX file: it is checked in the background (and applied, if `dry_run` is
    false and it is clean). Follow the job at its Location."""
    upload = request.files.get("file")
    if upload is None:
        raise validation_problem({"file": ["Attach the spreadsheet as `file`."]})
    job = services.start_import(
        upload.filename or "upload",
        upload.stream.read(),
        user=current_user(),
        dry_run=form["dry_run"],
        create_terms=form["create_terms"],
    )
    return queries.report(job), {"Location": url_for("imports.show_import", job_id=job.id)}


@imports_blp.route("", methods=["GET"])
@role_required(Role.EDITOR)
@imports_blp.arguments(PaginationArgs, location="query")
@imports_blp.response(200, page_schema(ImportJobSchema))
def list_imports(args):
    """Imports, newest first."""
    page = paginate(queries.jobs(), args["page"], args["per_page"])
    return {**page, "items": [queries.report(job) for job in page["items"]]}


@imports_blp.route("/<id:job_id>", methods=["GET"])
@role_required(Role.EDITOR)
@imports_blp.response(200, ImportJobSchema)
def show_import(job_id):
    """An import's state, progress and report (errors by line and column)."""
    return queries.report(queries.get_job(job_id))


@imports_blp.route("/<id:job_id>/products", methods=["GET"])
@role_required(Role.EDITOR)
@imports_blp.arguments(ImportItemArgs, location="query")
@imports_blp.response(200, page_schema(ImportItemSchema))
def import_products(args, job_id):
    """The import's products in file order: what the check found and what was done."""
    job = queries.get_job(job_id)
    return paginate(queries.items_of(job, args), args["page"], args["per_page"])


@imports_blp.route("/<id:job_id>/apply", methods=["POST"])
@role_required(Role.EDITOR)
@imports_blp.arguments(ApplySchema, required=False)
@imports_blp.response(202, ImportJobSchema)
def apply_import(args, job_id):
    """Write a checked import in the background (409 if it has errors, unless `valid_only`)."""
    job = services.apply_import(queries.get_job(job_id), valid_only=args.get("valid_only", False))
    return queries.report(job), {"Location": url_for("imports.show_import", job_id=job.id)}


@exports_blp.route("/products.<any(csv, xlsx):file_format>", methods=["GET"])
@role_required(Role.EDITOR)
@exports_blp.arguments(ExportArgs, location="query")
@exports_blp.response(200, description="CSV (UTF-8 with BOM) or XLSX, one row per variant")
def export_products(args, file_format):
    """Download products as a spreadsheet the import reads back, filtered like the listing (every
    status unless `status` names one); streamed, so any catalogue size takes little memory."""
    return export.export_response(args, file_format)


blueprints = (imports_blp, exports_blp)
