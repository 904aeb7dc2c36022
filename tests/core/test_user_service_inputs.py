"""Changing a user leaves the caller's data as given and sets only what a user may change."""

import copy

import pytest

from core.auth import services
from core.auth.models import Role, User
from core.extensions import db


def test_changing_a_user_leaves_the_callers_data_as_given(app, client, editor):
    with app.app_context():
        user = db.session.query(User).filter_by(email="editor@example.com").one()
        changes = {"display_name": "Eddie", "role": Role.ADMIN, "password": "a new long password"}
        given = copy.deepcopy(changes)
        services.update_user(user, changes)
        assert changes == given
        assert (user.display_name, user.role) == ("Eddie", Role.ADMIN)
    login = {"email": "editor@example.com", "password": "a new long password"}
    assert client.post("/api/v1/auth/tokens", json=login).status_code == 201


@pytest.mark.parametrize("unexpected", ["email", "password_hash", "id"])
def test_a_user_refuses_a_field_it_does_not_take_and_changes_nothing(app, editor, unexpected):
    with app.app_context():
        user = db.session.query(User).filter_by(email="editor@example.com").one()
        before = (user.id, user.email, user.display_name, user.password_hash)
        with pytest.raises(ValueError, match=unexpected):
            services.update_user(user, {"display_name": "Eddie", unexpected: "x"})
        db.session.rollback()
        assert (user.id, user.email, user.display_name, user.password_hash) == before
