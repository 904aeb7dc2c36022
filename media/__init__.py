"""Image processing and storage backends, used by the domains."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Open the configured storage, serve local files under /media/ and add `flask media`.

    Needs the kernel; runs before the domains, whose images it stores.
    """
    from media.cli import media_cli
    from media.routes import media_files
    from media.storage import build_storage

    app.extensions["media"] = build_storage(app.config, app.instance_path)
    app.register_blueprint(media_files)
    app.cli.add_command(media_cli)
