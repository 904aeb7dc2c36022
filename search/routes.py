"""Search endpoints: GET /api/v1/search and GET /api/v1/search/suggest."""

import marshmallow as ma
from flask_smorest import Blueprint

from core.auth.guards import is_staff
from core.pagination import page_meta
from search import service
from search.schemas import SearchPageSchema, SuggestSchema


def search_blueprint(search_args: type[ma.Schema], suggest_args: type[ma.Schema]) -> Blueprint:
    """The search API, taking the given arguments (built from the app's document types)."""
    blp = Blueprint("search", __name__, url_prefix="/api/v1/search", description="Full-text search")

    @blp.route("")
    @blp.arguments(search_args, location="query")
    @blp.response(200, SearchPageSchema)
    def search_documents(args):
        """Search products and articles: relevance, filters, facets, snippets, "did you mean"."""
        text, kind, sort, status = (
            args.pop(name, None) for name in ("q", "type", "sort", "status")
        )
        page, per_page, exact = args.pop("page"), args.pop("per_page"), args.pop("exact")
        results = service.search(
            text or "",
            types=[kind] if kind else None,
            filters=args,
            sort=sort,
            page=page,
            per_page=per_page,
            staff=is_staff(),
            status=status,
            correct=not exact,
            observed=True,
        )
        return {
            "items": service.present(results),
            "meta": page_meta(page, per_page, results.total),
            "facets": results.facets,
            "suggestion": results.suggestion,
            "matched": results.matched,
            "search_id": None if results.search_id is None else str(results.search_id),
            "redirect": results.redirect,
        }

    @blp.route("/suggest")
    @blp.arguments(suggest_args, location="query")
    @blp.response(200, SuggestSchema)
    def suggest_completions(args):
        """Complete what was typed (search-as-you-type) and list the best matching items.

        Completions come from published items only, tolerate a typo and follow the words
        typed before the last one; `documents` are the top results for the first completion.
        Filters (a `market` …) narrow the documents of the types that declare them.
        """
        text, kind = args.pop("q"), args.pop("type", None)
        types = [kind] if kind else None
        completions = service.suggest(text, types=types)
        best = completions[0] if completions else text
        return {
            "items": completions,
            "documents": service.suggested_documents(best, types=types, filters=args),
        }

    return blp
