"""`GET /api/v1/audit`: the audit log for admins."""

from flask_smorest import Blueprint

from core.audit import queries
from core.audit.schemas import AuditEntrySchema, AuditQueryArgs
from core.auth.guards import role_required
from core.auth.models import Role
from core.pagination import page_schema, paginate

audit_blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="Audit log")


@audit_blp.route("")
@role_required(Role.ADMIN)
@audit_blp.arguments(AuditQueryArgs, location="query")
@audit_blp.response(200, page_schema(AuditEntrySchema))
def list_audit_entries(args):
    """Who changed what and when, newest first; filter by object, user, action and time."""
    return paginate(queries.audit_log(args), args["page"], args["per_page"])
