"""Server-rendered storefront and newsroom pages: Jinja templates over catalogue, news and search.

Views stay thin: they call the domains' query and service functions and render what the API's
own schemas dump, so a page shows exactly what the JSON API would. Every page state (filters,
sort, page, chosen finish, search words) is a plain GET URL; a little JavaScript only enhances.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the pages (kept out of the OpenAPI document); runs after the domains and search."""
    from core.errors import register_error_page
    from core.ratelimit import limit_as_enquiry
    from news.links import install_links
    from web import (  # noqa: F401  (routes, globals)
        catalogue_pages,
        compare_pages,
        enquiry_pages,
        filter_markup,
        fragments,
        markets,
        news_pages,
        pagination,
        search_pages,
        sitemaps,
        structured_data,
    )
    from web.site import render_error_page, site

    if "search" not in app.extensions:
        raise RuntimeError("The pages search: run search.init_app before web.init_app.")
    app.register_blueprint(site)
    register_error_page(app, render_error_page)
    limit_as_enquiry(app, "web.send_enquiry")  # the same budget as the enquiry API's
    install_links(app, news_pages.PAGE_LINKS)  # feeds link to these pages
