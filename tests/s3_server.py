"""An S3-compatible server (moto) over HTTP on loopback, with a fresh bucket per test."""

import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

# Variables that would point boto3 at a real account, profile or endpoint.
AWS_OVERRIDES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_REGION",
)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[str]:
    """The endpoint URL of an S3-compatible server on loopback, with fake credentials set."""
    with pytest.MonkeyPatch.context() as env:
        for name in AWS_OVERRIDES:
            env.delenv(name, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        # Files a developer's own ~/.aws could otherwise contribute (profiles, endpoints).
        nowhere = tmp_path_factory.mktemp("aws") / "absent"
        env.setenv("AWS_CONFIG_FILE", str(nowhere))
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere))
        # Port 0: the OS picks a free port when the server binds, so there is no race with
        # another process between choosing a port and using it.
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_server):
    """A plain boto3 client on the test server, to look behind the storage's back."""
    return boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")


@pytest.fixture
def s3_bucket(s3_client) -> str:
    """A fresh, uniquely named, empty bucket."""
    name = f"media-{uuid.uuid4().hex[:20]}"
    s3_client.create_bucket(Bucket=name)
    return name
