"""A download that outlasts gunicorn's worker timeout is sent in full while it keeps saying it
is working; one that stays silent is killed as hung, which is what the timeout is for."""

import http.client
from urllib.parse import urlsplit

import pytest

from tests.live_server import gunicorn_server, server_environment
from tests.slow_app import CHUNKS, PAUSE

pytestmark = pytest.mark.slow
TIMEOUT = 1  # seconds gunicorn lets a worker go without news; the download takes CHUNKS*PAUSE


def download(base: str, beat: str) -> bytes:
    """The body as far as it came; a worker killed mid-way ends it early."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", f"/test/slow-download?beat={beat}")
        response = connection.getresponse()
        try:
            return response.read()
        except http.client.IncompleteRead as cut:
            return cut.partial
    except (ConnectionError, http.client.RemoteDisconnected):
        return b""
    finally:
        connection.close()


def test_a_long_download_that_keeps_beating_outlives_the_worker_timeout(
    app, database_url, tmp_path
):
    assert CHUNKS * PAUSE > 3 * TIMEOUT
    environment = server_environment(database_url, tmp_path, 1)
    with gunicorn_server(
        environment,
        tmp_path / "gunicorn.log",
        arguments=["--timeout", str(TIMEOUT)],
        application="tests.slow_app:app",
    ) as base:
        beating = download(base, "yes")
        silent = download(base, "no")
    assert beating == b"".join(f"line {n}\n".encode() for n in range(CHUNKS))
    assert len(silent.splitlines()) < CHUNKS
    assert "WORKER TIMEOUT" in (tmp_path / "gunicorn.log").read_text()
