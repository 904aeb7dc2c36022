"""Requests the server refuses before the app sees them still get problem documents."""

import json
import socket
from urllib.parse import urlsplit

import pytest

from tests.live_server import gunicorn_server, server_environment

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with `make run`'s settings, one worker, on a throwaway SQLite file."""
    folder = tmp_path_factory.mktemp("server-errors")
    environment = server_environment(f"sqlite:///{folder / 'unused.db'}", folder, 1)
    with gunicorn_server(environment, folder / "gunicorn.log") as base:
        yield urlsplit(base)


def raw_exchange(server, request: bytes) -> tuple[int, dict, dict]:
    """Send bytes as they are; (status, headers, JSON body) of the answer."""
    with socket.create_connection((server.hostname, server.port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, json.loads(body)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: y\r\n" * 200 + b"\r\n", 431),
        (b"NOT-HTTP\r\n\r\n", 400),
    ],
    ids=["long request line", "header without a colon", "too many headers", "not HTTP"],
)
def test_a_request_the_server_cannot_parse_gets_a_problem_document(server, request_bytes, status):
    answered, headers, problem = raw_exchange(server, request_bytes)
    assert answered == status
    assert headers["Content-Type"] == "application/problem+json"
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
