"""Query arguments and the response shape of audit entries."""

import marshmallow as ma

from core.fields import Text, id_field, moment_field
from core.pagination import PaginationArgs


class AuditEntrySchema(ma.Schema):
    """One recorded write."""

    id = ma.fields.Integer()
    occurred_at = ma.fields.AwareDateTime()
    user_id = ma.fields.Integer(allow_none=True)
    actor = ma.fields.String(
        allow_none=True, metadata={"description": "The acting user's email when it was recorded"}
    )
    action = ma.fields.String(metadata={"description": "create, update, archive, delete, …"})
    object_type = ma.fields.String()
    object_id = ma.fields.Integer()
    object_label = ma.fields.String()
    changes = ma.fields.Dict(
        keys=ma.fields.String(),
        metadata={"description": 'Per field: {"from": before, "to": after}'},
    )
    request_id = ma.fields.String(allow_none=True)


class AuditQueryArgs(PaginationArgs):
    """Filters of the audit log; all optional, combined with AND."""

    object_type = Text(40)
    object_id = id_field()
    user_id = id_field()
    action = Text(16)
    since = moment_field(metadata={"description": "Entries at or after this time"})
    until = moment_field(metadata={"description": "Entries before this time"})
