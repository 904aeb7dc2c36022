"""Request and response schemas for tokens and users."""

import marshmallow as ma

from core.auth.models import Role

PASSWORD_LENGTH = ma.validate.Length(min=12, max=256)


class TokenRequestSchema(ma.Schema):
    """Credentials exchanged for a bearer token."""

    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=256))


class UserSchema(ma.Schema):
    """A user as admins see it."""

    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    display_name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    role = ma.fields.Enum(Role, by_value=True, required=True)
    is_active = ma.fields.Boolean()
    password = ma.fields.String(required=True, load_only=True, validate=PASSWORD_LENGTH)
    created_at = ma.fields.AwareDateTime(dump_only=True)


class UserUpdateSchema(ma.Schema):
    """A partial change to a user."""

    display_name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    role = ma.fields.Enum(Role, by_value=True)
    is_active = ma.fields.Boolean()
    password = ma.fields.String(load_only=True, validate=PASSWORD_LENGTH)


class TokenSchema(ma.Schema):
    """A newly issued bearer token."""

    token = ma.fields.String()
    token_type = ma.fields.Constant("Bearer")
    expires_at = ma.fields.AwareDateTime()
    user = ma.fields.Nested(UserSchema)
