"""The API's interactive documentation runs on the app's own copy of Swagger UI (the files of
the flask-swagger-ui package), so it works on a network without internet access."""

from pathlib import Path

import flask_swagger_ui
from flask import Flask, send_from_directory

SWAGGER_UI_FILES = Path(flask_swagger_ui.__file__).parent / "dist"
SWAGGER_UI_PATH = "/api/docs/swagger-ui/"  # the default OPENAPI_SWAGGER_UI_URL
ONE_DAY = 24 * 3600


def register_swagger_ui_files(app: Flask) -> None:
    """Serve Swagger UI's files where OPENAPI_SWAGGER_UI_URL points by default."""
    app.add_url_rule(f"{SWAGGER_UI_PATH}<path:filename>", "swagger_ui_file", swagger_ui_file)


def swagger_ui_file(filename: str):
    """One of Swagger UI's scripts, style sheets or icons (cached for a day)."""
    return send_from_directory(SWAGGER_UI_FILES, filename, max_age=ONE_DAY)
