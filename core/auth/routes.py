"""Token and user endpoints."""

from flask.views import MethodView
from flask_smorest import Blueprint

from core.auth import services
from core.auth.guards import current_token, current_user, role_required, signed_in_token
from core.auth.models import Role
from core.auth.schemas import (
    PasswordChangeSchema,
    TokenRequestSchema,
    TokenSchema,
    UserSchema,
    UserUpdateSchema,
)
from core.pagination import PaginationArgs, page_schema, paginate

auth_blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Bearer tokens")
users_blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Admin users")
NO_STORE = {"Cache-Control": "no-store"}


@auth_blp.route("/tokens", methods=["POST"])
@auth_blp.arguments(TokenRequestSchema)
@auth_blp.response(201, TokenSchema)
def create_token(credentials):
    """Exchange email and password for a bearer token."""
    # Nothing may keep a copy of a fresh token: not caches, not the idempotency store.
    return services.issue_token(credentials["email"], credentials["password"]), NO_STORE


@auth_blp.route("/tokens/current", methods=["DELETE"])
@role_required(Role.EDITOR)
@auth_blp.response(204)
def revoke_current_token():
    """Revoke the token used for this request."""
    services.revoke_token(signed_in_token())


@auth_blp.route("/password", methods=["POST"])
@role_required(Role.EDITOR)
@auth_blp.arguments(PasswordChangeSchema)
@auth_blp.response(204)
def change_password(change):
    """Change your own password; every other token of yours stops working."""
    services.change_own_password(
        signed_in_token(), change["current_password"], change["new_password"]
    )


@auth_blp.route("/me")
@role_required(Role.EDITOR)
@auth_blp.response(200, UserSchema)
def who_am_i():
    """The user the token belongs to."""
    return current_user()


@users_blp.route("")
class Users(MethodView):
    """List and create users (admins only)."""

    @role_required(Role.ADMIN)
    @users_blp.arguments(PaginationArgs, location="query")
    @users_blp.response(200, page_schema(UserSchema))
    def get(self, args):
        """List users."""
        return paginate(services.list_users_statement(), args["page"], args["per_page"])

    @role_required(Role.ADMIN)
    @users_blp.arguments(UserSchema)
    @users_blp.response(201, UserSchema)
    def post(self, data):
        """Create a user."""
        return services.create_user(
            data["email"], data["password"], data["role"], data.get("display_name")
        )


@users_blp.route("/<id:user_id>")
class UserItem(MethodView):
    """Read and change one user (admins only)."""

    @role_required(Role.ADMIN)
    @users_blp.response(200, UserSchema)
    def get(self, user_id):
        """Read a user."""
        return services.get_user(user_id)

    @role_required(Role.ADMIN)
    @users_blp.arguments(UserUpdateSchema)
    @users_blp.response(200, UserSchema)
    def patch(self, changes, user_id):
        """Change a user (a new password or deactivation revokes their other tokens)."""
        return services.update_user(services.get_user(user_id), changes, current_token())
