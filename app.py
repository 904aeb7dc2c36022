"""The composition root: the kernel first, then each package, in the order their needs set."""

from flask import Flask

import bulk
import catalog
import console
import core
import enquiries
import insights
import media
import merchandising
import news
import search
import web


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; `test_config` overrides defaults and the environment."""
    app = Flask(__name__, instance_relative_config=True)
    core.init_app(app, test_config)  # settings, database, API, errors, limits, users, audit
    media.init_app(app)  # image storage, used by the domains below
    catalog.init_app(app)  # declares product documents to search
    enquiries.init_app(app)  # shoppers' requests for a quote about the products above
    news.init_app(app)  # declares article documents to search
    search.init_app(app)  # indexes and serves the documents declared above
    insights.init_app(app)  # a private log of shoppers' searches and the results they open
    merchandising.init_app(app)  # the search rules staff keep (synonyms), applied by search
    bulk.init_app(app)  # spreadsheet imports and exports of the catalogue, and their jobs
    web.init_app(app)  # pages over the catalogue, the news and search
    console.init_app(app)  # the staff console, whose previews render the pages above
    return app
