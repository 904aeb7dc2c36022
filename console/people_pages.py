"""People (admins only): create staff, change their name, role and access, sign them out.

Forms become the users API's request bodies, loaded by its schemas, so a field's message is
the API's own; every change goes through core.auth's services, which keep the last active
admin and end the sessions and tokens of whoever is disabled.
"""

import secrets
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for

from console.forms import (
    FORM_ERROR,
    attempt,
    load_body,
    problem_errors,
    replay_double_submission,
)
from console.guard import admins_only, console, signed_in
from core.auth.models import Role, User
from core.auth.schemas import UserSchema, UserUpdateSchema
from core.auth.services import (
    count_active_admins,
    create_user,
    get_user,
    list_users_statement,
    live_tokens_of,
    update_user,
)
from core.auth.sessions import (
    SessionActivity,
    end_sessions_of,
    live_sessions_of,
    session_activity,
)
from core.extensions import db
from core.problems import Problem

ROLES = [(role.value, role.value.capitalize()) for role in Role]
NEW_PERSON_FIELDS = ("email", "display_name", "role")  # the password is never sent back
DETAIL_FIELDS = ("display_name", "role", "is_active")
LOADED_PREFIX = "loaded-"  # hidden copies of the values a person's form was loaded with
NEVER_SIGNED_IN = SessionActivity(live=0, last_seen=None)


@console.route("/people")
@admins_only
def people():
    """Every staff member: role, whether they may sign in, live console sessions, last seen."""
    activity = session_activity()
    rows = [
        (person, activity.get(person.id, NEVER_SIGNED_IN))
        for person in db.session.scalars(list_users_statement())
    ]
    return render_template("console/people.html", title="People", rows=rows)


@console.route("/people/new", methods=["GET", "POST"])
@admins_only
def people_new():
    """A form for a new staff member, who can sign in with the password chosen here."""
    if request.method == "GET":
        return _new_person_page({"role": Role.EDITOR.value}, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = {name: request.form.get(name, "").strip() for name in NEW_PERSON_FIELDS}
    password = request.form.get("password", "")
    body = {name: value for name, value in values.items() if value or name != "display_name"}
    data, errors = load_body(UserSchema(), {**body, "password": password})
    if request.form.get("password_confirmation", "") != password:
        errors["password_confirmation"] = ["Does not match the password."]
    if data is None or errors:
        return _new_person_page(values, errors, status=422)
    created: list[User] = []
    problem = attempt(
        lambda: created.append(
            create_user(data["email"], data["password"], data["role"], data.get("display_name"))
        )
    )
    if problem is not None:
        return _new_person_page(values, problem_errors(problem), status=problem.status)
    person = created[0]
    flash(f"Created {person.display_name} ({person.role.value}): they can sign in now.")
    return redirect(url_for("console.people_edit", user_id=person.id), 303)


@console.route("/people/<int:user_id>", methods=["GET", "POST"])
@admins_only
def people_edit(user_id: int):
    """A person's page: name, role and access; their console sessions and API tokens."""
    person = get_user(user_id)
    if request.method == "GET":
        return _person_page(person, _details_of(person), {})
    mine = {name: request.form.get(name, "").strip() for name in DETAIL_FIELDS}
    # Only what this admin changed is sent, so a change another admin saved meanwhile (say,
    # disabling the account) is not undone by the stale values of this form.
    changes = {
        name: value
        for name, value in mine.items()
        if value != request.form.get(LOADED_PREFIX + name)
    }
    if not changes:
        flash("Nothing was changed.")
        return redirect(url_for("console.people_edit", user_id=person.id), 303)
    data, errors = load_body(UserUpdateSchema(), changes)
    if data is None:
        return _person_page(person, mine, errors, status=422)
    problem = attempt(lambda: update_user(person, data))
    if problem is not None:
        return _person_page(person, mine, _refusal_errors(problem, data), status=problem.status)
    flash(f"Saved {person.display_name}: {_described(data)}.")
    if person.id == signed_in().id and not person.can(Role.ADMIN):
        # Demoted or disabled themselves: People is closed to them now (or everything is).
        return redirect(url_for("console.dashboard"), 303)
    return redirect(url_for("console.people_edit", user_id=person.id), 303)


@console.route("/people/<int:user_id>/sessions/end", methods=["POST"])
@admins_only
def people_end_sessions(user_id: int):
    """Sign a person out everywhere: their console sessions end, their API tokens are revoked."""
    person = get_user(user_id)
    ended = end_sessions_of(person)
    sessions = _counted(ended.sessions, "console session")
    tokens = _counted(ended.tokens, "API token")
    flash(f"Signed {person.display_name} out everywhere: {sessions} ended, {tokens} revoked.")
    return redirect(url_for("console.people_edit", user_id=person.id), 303)


def _new_person_page(values: dict[str, str], errors: dict[str, list[str]], status: int = 200):
    """Render the new person's form (never with a password in it); each gets a fresh key."""
    page = render_template(
        "console/person_new.html",
        title="New person",
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        roles=ROLES,
        submission=secrets.token_urlsafe(16),
    )
    return page, status


def _person_page(
    person: User, values: dict[str, str], errors: dict[str, list[str]], status: int = 200
):
    """Render a person's page; the form carries the person's current values as loaded."""
    page = render_template(
        "console/person.html",
        title=person.display_name,
        person=person,
        values=values,
        loaded=_details_of(person),
        loaded_prefix=LOADED_PREFIX,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        roles=ROLES,
        is_me=person.id == signed_in().id,
        only_admin=person.can(Role.ADMIN) and count_active_admins() == 1,
        sessions=live_sessions_of(person),
        this_session=g.staff_session.id,
        tokens=live_tokens_of(person),
    )
    return page, status


def _details_of(person: User) -> dict[str, str]:
    """A person's form values, as text (the active flag as the API's true or false)."""
    return {
        "display_name": person.display_name,
        "role": person.role.value,
        "is_active": "true" if person.is_active else "false",
    }


def _refusal_errors(problem: Problem, changes: dict[str, Any]) -> dict[str, list[str]]:
    """A refusal's messages; the last admin's is shown beside the role or access it refused."""
    if problem.kind != "last-admin":
        return problem_errors(problem)
    fields: list[str] = [name for name in ("role", "is_active") if name in changes]
    return {name: [problem.detail] for name in fields or [FORM_ERROR]}


def _described(changes: dict[str, Any]) -> str:
    """What a saved change did, in words."""
    said = []
    if "display_name" in changes:
        said.append(f"name now {changes['display_name']}")
    if "role" in changes:
        said.append(f"role now {changes['role'].value}")
    if "is_active" in changes:
        said.append(
            "enabled"
            if changes["is_active"]
            else "disabled (their sessions ended and API tokens were revoked)"
        )
    return "; ".join(said)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
