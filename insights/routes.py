"""POST /api/v1/search/clicks and /declines: which result of a logged search was opened, and
whether its "did you mean" was refused (each a link's ping, or a client's beacon)."""

from flask_smorest import Blueprint

from core.problems import Problem
from core.uploads import ignores_body
from insights.recording import record_click, record_decline
from insights.schemas import ClickArgs, DeclineArgs
from search.registry import document_types

declines_blp = Blueprint(
    "search_declines",
    __name__,
    url_prefix="/api/v1/search/declines",
    description='Which "did you mean" corrections shoppers refuse (nothing about who is kept)',
)
clicks_blp = Blueprint(
    "search_clicks",
    __name__,
    url_prefix="/api/v1/search/clicks",
    description="Which search results shoppers open (no cookie, address or account is kept)",
)


@declines_blp.route("", methods=["POST"])
@ignores_body
@declines_blp.arguments(DeclineArgs, location="query")
@declines_blp.response(204)
def report_decline(args):
    """Report that a search's "did you mean" was refused: its shopper asked for the words as
    typed instead (the search page's "search instead" link sends this as its `ping`)."""
    record_decline(args["search_id"])


@clicks_blp.route("", methods=["POST"])
@ignores_body
@clicks_blp.arguments(ClickArgs, location="query")
@clicks_blp.response(204)
def report_click(args):
    """Report that a result of a search was opened.

    The search page's result links send this as their `ping`; API clients send it as a beacon
    with the `search_id` of the search's response. Nothing about who clicked is kept.
    """
    if args["type"] not in {kind.name for kind in document_types()}:
        raise Problem(422, "Unknown document type.", errors={"type": ["Not a searched type."]})
    record_click(args["search_id"], args["type"], args["id"], args["position"])
