"""Merchandising: the search rules staff keep as data (synonyms, redirects, pins, boosts),
applied without a deploy."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the search rules API and make every search apply the live rules.

    Needs the kernel and search (whose queries the rules change).
    """
    from core.api import register_api_blueprints
    from merchandising.engine_rules import register_rules
    from merchandising.routes import blueprints

    register_api_blueprints(app, *blueprints)
    register_rules(app)
