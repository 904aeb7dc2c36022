"""Import and export schemas: the upload form, the job with its report, the export's filters."""

import marshmallow as ma
from marshmallow import validate

from bulk.models import ImportState, ItemAction, ItemOutcome
from catalog.schemas import ProductQueryArgs
from core.pagination import PaginationArgs


class ImportFormSchema(ma.Schema):
    """How to import an uploaded spreadsheet (the form fields beside the file)."""

    dry_run = ma.fields.Boolean(
        load_default=True,
        metadata={"description": "Only check (the default); false applies a clean file at once"},
    )
    create_terms = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Create brands, categories, finishes, certifications not found"},
    )


class ImportUploadSchema(ImportFormSchema):
    """The whole multipart body, as the API documents it."""

    file = ma.fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "CSV (UTF-8) or XLSX"},
    )


class ApplySchema(ma.Schema):
    valid_only = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Write the valid products and leave the invalid ones out"},
    )


class CellErrorSchema(ma.Schema):
    line = ma.fields.Integer(
        metadata={"description": "Spreadsheet row (1 is the header); 0: the file"}
    )
    column = ma.fields.String(allow_none=True)
    product = ma.fields.String(allow_none=True, metadata={"description": "The product's slug"})
    message = ma.fields.String()


class ProgressSchema(ma.Schema):
    rows_done = ma.fields.Integer()
    rows_total = ma.fields.Integer()
    products_done = ma.fields.Integer()
    products_total = ma.fields.Integer()


class ImportJobSchema(ma.Schema):
    """An import: its state, progress and, once checked, its report (see `bulk.queries.report`)."""

    id = ma.fields.Integer()
    filename = ma.fields.String()
    format = ma.fields.String(allow_none=True)
    state = ma.fields.Enum(ImportState, by_value=True)
    dry_run = ma.fields.Boolean()
    create_terms = ma.fields.Boolean()
    valid_only = ma.fields.Boolean()
    created_by = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    started_at = ma.fields.AwareDateTime(allow_none=True)
    finished_at = ma.fields.AwareDateTime(allow_none=True)
    progress = ma.fields.Nested(ProgressSchema, metadata={"description": "Of the current step"})
    summary = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={
            "description": "Products by what the check found (create, update, unchanged, "
            "invalid) and, once applied, by what was done (created, updated, failed)"
        },
    )
    terms_to_create = ma.fields.List(ma.fields.Dict())
    can_apply = ma.fields.Boolean()
    error_count = ma.fields.Integer()
    errors = ma.fields.List(
        ma.fields.Nested(CellErrorSchema),
        metadata={"description": "In line order; the first 1000 (error_count says how many)"},
    )
    failure = ma.fields.String(allow_none=True)


class ImportItemSchema(ma.Schema):
    """One product of an import."""

    slug = ma.fields.String()
    lines = ma.fields.Function(lambda item: [line for line, _ in item.rows])
    action = ma.fields.Enum(ItemAction, by_value=True)
    changes = ma.fields.List(ma.fields.String())
    outcome = ma.fields.Enum(ItemOutcome, by_value=True)
    errors = ma.fields.List(ma.fields.Nested(CellErrorSchema))


class ImportItemArgs(PaginationArgs):
    action = ma.fields.Enum(ItemAction, by_value=True)
    outcome = ma.fields.Enum(ItemOutcome, by_value=True)


class ExportArgs(ProductQueryArgs):
    """The listing filters; every status unless `status` names one."""

    class Meta:
        exclude = ("page", "per_page", "sort")


EXPORT_FORMATS = ("csv", "xlsx")
FORMAT = validate.OneOf(EXPORT_FORMATS)
