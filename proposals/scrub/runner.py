"""Runs ``proposals.scrub.child`` for one file: a fresh Python process per file, with the
memory (``SCRUB_MEMORY_MB``) and time (``SCRUB_TIMEOUT_SECONDS``) caps of the settings. A crash,
a kill or a timeout is an answer too: the file is not scrubbable (``LIMITS`` or ``DAMAGED``),
never an error for the request that uploaded it."""

import os
import subprocess
import sys

from django.conf import settings

from . import DAMAGED, LIMITS, REASONS, NotScrubbable
from .child import NOT_SCRUBBABLE
from .dispatch import scrub_bytes
from .kinds import LEGACY_KINDS


def scrub_in_child(kind: str, data: bytes) -> bytes:
    """The board copy of ``data`` (``dispatch.scrub_bytes``), computed in a child process;
    raises ``NotScrubbable``. Legacy formats and plain text need no child."""
    if kind in LEGACY_KINDS or kind == "txt":
        return scrub_bytes(kind, data)
    timeout = settings.SCRUB_TIMEOUT_SECONDS
    command = [
        sys.executable, "-s", "-B", "-m", "proposals.scrub.child",
        kind, str(settings.SCRUB_MEMORY_MB), str(int(timeout) + 1),
    ]  # fmt: skip
    environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(  # noqa: S603 (fixed arguments, the file on stdin)
            command, input=data, capture_output=True, timeout=timeout, cwd=settings.BASE_DIR,
            env=environment, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as error:
        raise NotScrubbable(LIMITS, "timeout") from error
    except OSError as error:  # no process could be started (out of processes or memory)
        raise NotScrubbable(LIMITS, f"child: {error}") from error
    if done.returncode == 0:
        return done.stdout
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or [""]
    if done.returncode == NOT_SCRUBBABLE and lines[-1] in REASONS:
        raise NotScrubbable(lines[-1], " ".join(lines[:-1])[:200])
    # Killed by a signal (the CPU limit's SIGXCPU, the kernel's OOM) or failed to allocate at start.
    reason = LIMITS if done.returncode < 0 or "MemoryError" in lines[-1] else DAMAGED
    raise NotScrubbable(reason, lines[-1][:200])
