"""A real S3-compatible server for the tests: moto's standalone server (``moto_server``, from
the dev dependency ``moto[server]``) on a free port of 127.0.0.1, one per test session, and a
fresh private bucket per test as the portal's ``default`` storage."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.smtp import free_port

ACCESS_KEY, SECRET_KEY = "glab-test-key", "glab-test-secret"


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class S3Server:
    """``moto_server -H 127.0.0.1 -p PORT`` in a process of its own; stopped with the session."""

    def __init__(self):
        binary = Path(sys.executable).with_name("moto_server")
        if not binary.exists():
            binary = shutil.which("moto_server")
            if binary is None:
                _missing("moto_server is not installed (the dev dependency moto[server])")
        self.binary = str(binary)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None

    def environment(self, bucket: str) -> dict[str, str]:
        """The portal's environment variables for this server and ``bucket``."""
        return {
            "STORAGE_S3_BUCKET": bucket,
            "STORAGE_S3_ENDPOINT_URL": self.endpoint,
            "STORAGE_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "STORAGE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "STORAGE_S3_REGION": "us-east-1",
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        )  # fmt: skip

    def keys(self, bucket: str) -> set[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listed.get("Contents", [])}


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A fresh bucket on the test's S3 server, made the portal's ``default`` storage (as
    STORAGE_S3_* in settings do); yields its name. ``MEDIA_ROOT`` stays empty."""
    from django.core.files.storage import default_storage

    from core.storage import ensure_bucket

    bucket = f"glab-test-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server.endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "max_memory_size": 1024,
            },
        },
    }
    assert ensure_bucket(default_storage)
    return bucket
