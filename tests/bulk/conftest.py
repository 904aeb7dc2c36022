"""Fixtures for imports and exports: the catalogue stories' taxonomy and products, and a worker."""

import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.catalog.conftest import BASE_PRODUCT, TAXONOMY, make_product, taxonomy  # noqa: F401


@pytest.fixture
def upload(client, editor):
    """POST a file to /api/v1/imports as an editor (form fields as keyword arguments)."""

    def send(content: bytes | str, filename: str = "products.csv", **fields):
        data = content.encode() if isinstance(content, str) else content
        form: dict = {key: str(value).lower() for key, value in fields.items()}
        form["file"] = FileStorage(io.BytesIO(data), filename=filename)
        # Encoded in memory: the test client would spool a large body to a file it never closes.
        boundary, body = encode_multipart(form)
        return client.post(
            "/api/v1/imports",
            data=body,
            headers=editor,
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    return send


@pytest.fixture
def imported(client, editor, upload, run_jobs):
    """Upload a file, run its check (and its writing when asked), answer the job's report."""

    def run(content: bytes | str, filename: str = "products.csv", **fields):
        response = upload(content, filename, **fields)
        assert response.status_code == 202, response.json
        run_jobs()
        report = client.get(response.headers["Location"], headers=editor)
        assert report.status_code == 200, report.json
        return report.json

    return run
