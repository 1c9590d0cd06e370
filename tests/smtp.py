"""A local SMTP sink (aiosmtpd) for the tests that deliver real email, and a free port."""

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(handler):
    """Runs an SMTP server on 127.0.0.1 that hands each message to ``handler``; yields the
    handler with ``port`` set."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()
