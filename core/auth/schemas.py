"""Request and response schemas for tokens and users."""

import marshmallow as ma

from core.auth.models import Role
from core.fields import Text


def password_field(min_length: int = 12, **kwargs) -> Text:
    """A password: any one line of up to 256 characters, written only."""
    return Text(256, min_length=min_length, load_only=True, **kwargs)


class TokenRequestSchema(ma.Schema):
    """Credentials exchanged for a bearer token."""

    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    password = password_field(min_length=0, required=True)


class PasswordChangeSchema(ma.Schema):
    """A user's own password change: the one they have, then the new one."""

    current_password = password_field(min_length=0, required=True)
    new_password = password_field(required=True)


class UserSchema(ma.Schema):
    """A user as admins see it."""

    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    display_name = Text(120, min_length=1)
    role = ma.fields.Enum(Role, by_value=True, required=True)
    is_active = ma.fields.Boolean()
    password = password_field(required=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)


class UserUpdateSchema(ma.Schema):
    """A partial change to a user."""

    display_name = Text(120, min_length=1)
    role = ma.fields.Enum(Role, by_value=True)
    is_active = ma.fields.Boolean()
    password = password_field()


class TokenSchema(ma.Schema):
    """A newly issued bearer token."""

    token = ma.fields.String()
    token_type = ma.fields.Constant("Bearer")
    expires_at = ma.fields.AwareDateTime()
    user = ma.fields.Nested(UserSchema)
