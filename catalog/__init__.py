"""The faucet catalogue: brands, categories, finishes, certifications, products and variants."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the catalogue's API, revision tracking, search documents and demo commands.

    Needs the kernel; runs before `search.init_app`, which indexes the documents declared here.
    """
    from catalog.cli import register_catalogue_commands
    from catalog.image_routes import product_images_blp
    from catalog.revision import track_revision
    from catalog.routes import blueprints
    from catalog.search_documents import register_product_documents
    from core.api import register_api_blueprints

    register_api_blueprints(app, *blueprints, product_images_blp)
    track_revision(app)
    register_product_documents(app)
    register_catalogue_commands(app)
