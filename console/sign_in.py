"""Signing in and out of the console."""

from flask import flash, g, redirect, render_template, request, session, url_for

from console.guard import SESSION_KEY, console, safe_next
from core.auth.sessions import end_session, start_session
from core.problems import Problem


@console.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; a right password starts a session and goes where the user was headed."""
    target = safe_next(request.values.get("next"))
    if "staff_session" in g:
        return redirect(target)
    error = None
    email = request.form.get("email", "")
    if request.method == "POST":
        try:
            started = start_session(
                email, request.form.get("password", ""), request.user_agent.string
            )
        except Problem as problem:
            error = problem.detail
        else:
            # A fresh cookie (and CSRF secret) for the signed-in user: nothing from before survives.
            session.clear()
            session[SESSION_KEY] = started.token
            session.permanent = True
            return redirect(target, 303)
    status = 401 if error else 200
    return render_template("console/sign_in.html", error=error, email=email, next=target), status


@console.route("/sign-out", methods=["POST"])
def sign_out():
    """End this session and forget the cookie."""
    end_session(g.staff_session)
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("console.sign_in"), 303)
