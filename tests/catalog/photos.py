"""Uploading product photos through the API, as an editor's client does."""

from tests.conftest import if_match_now

BOUNDARY = "----catalogue-test-boundary"


def multipart(files: list, alts: list[str]) -> tuple[bytes, str]:
    """A multipart/form-data body with `file` parts ((bytes, name) pairs) and `alt` fields.

    Built by hand, as a browser sends it: the test client would spool a large body to a
    temporary file that it never closes when the server refuses the upload unread.
    """
    parts = []
    for content, name in files:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    for alt in alts:
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="alt"\r\n\r\n'
        parts.append(head.encode() + alt.encode() + b"\r\n")
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return body, f"multipart/form-data; boundary={BOUNDARY}"


def post_files(client, item_url: str, target: str, headers: dict, files: list, alts: list[str]):
    """POST `files` with their alt texts to `item_url` + `target`, under the item's If-Match."""
    body, content_type = multipart(files, alts)
    return client.post(
        f"{item_url}{target}",
        data=body,
        headers=if_match_now(client, item_url, headers),
        content_type=content_type,
    )


def upload_photos(client, slug: str, headers: dict, files: list, alts: list[str] | None = None):
    """POST `files` ((bytes, name) pairs) to a product, with one alt text each."""
    chosen = alts if alts is not None else [f"Photo {n}" for n in range(len(files))]
    return post_files(client, f"/api/v1/products/{slug}", "/images", headers, files, chosen)


def fetch(client, url: str) -> tuple[int, dict, bytes]:
    """GET a media URL: status, headers and body (the file handle closed)."""
    response = client.get(url)
    body = response.get_data()
    response.close()
    return response.status_code, dict(response.headers), body


def stored_files(app) -> list[str]:
    """Every file under the app's media folder."""
    from pathlib import Path

    root = Path(app.config["MEDIA_DIR"])
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
