"""Compressed answers when the client accepts them, with ETags that still work for reads and
writes; streamed downloads are never held back to be compressed."""

import gzip
import json

import brotli

from tests.catalog.conftest import variant

URL = "/api/v1/products/heritage-twin-handle-kitchen-faucet"


def test_json_comes_compressed_in_the_encoding_the_client_prefers(client, make_product):
    make_product()
    plain = client.get(URL)
    for accepted, decode in (("gzip", gzip.decompress), ("br, gzip", brotli.decompress)):
        packed = client.get(URL, headers={"Accept-Encoding": accepted})
        encoding = packed.headers["Content-Encoding"]
        assert encoding == accepted.split(",")[0]
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.data) < len(plain.data)
        assert json.loads(decode(packed.data)) == plain.json
        assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + f':{encoding}"'


def test_a_compressed_reads_etag_serves_conditional_reads_and_writes(client, editor, make_product):
    make_product()
    read = client.get(URL, headers={**editor, "Accept-Encoding": "gzip"})
    etag = read.headers["ETag"]
    assert etag.endswith(':gzip"')
    unchanged = client.get(
        URL, headers={**editor, "Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert unchanged.status_code == 304

    written = client.patch(
        URL, json={"summary": "Now shorter."}, headers={**editor, "If-Match": etag}
    )
    assert written.status_code == 200, written.json
    stale = client.patch(URL, json={"summary": "Again."}, headers={**editor, "If-Match": etag})
    assert stale.status_code == 412


def test_streamed_exports_go_out_as_written(client, editor, make_product):
    make_product(variants=[variant(f"SKU-{n}", "chrome", "10.00") for n in range(40)])
    export = client.get(
        "/api/v1/exports/products.csv", headers={**editor, "Accept-Encoding": "gzip, br"}
    )
    assert export.status_code == 200 and export.is_streamed
    assert "Content-Encoding" not in export.headers
    assert export.get_data().decode("utf-8-sig").startswith("slug,")
