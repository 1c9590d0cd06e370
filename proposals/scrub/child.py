"""``python -m proposals.scrub.child KIND MEMORY_MB CPU_SECONDS``: scrubs the file on stdin and
writes its board copy to stdout (exit 0), or writes the reason it is not scrubbable to stderr
(exit 3). The limits are set before the first byte of the file is read: the address space
(``RLIMIT_AS``) and the processor time (``RLIMIT_CPU``); the parent also kills the process at
its wall-clock timeout. Imports no Django."""

import resource
import sys

NOT_SCRUBBABLE = 3


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def main(argv: list[str]) -> int:
    kind, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    _limit(memory_mb, cpu_seconds)
    from . import DAMAGED, LIMITS, NotScrubbable
    from .dispatch import scrub_bytes

    data = sys.stdin.buffer.read()
    try:
        clean = scrub_bytes(kind, data)
    except NotScrubbable as error:
        sys.stderr.write(f"{error.detail}\n{error.reason}\n")
        return NOT_SCRUBBABLE
    except MemoryError:
        sys.stderr.write(f"memory\n{LIMITS}\n")
        return NOT_SCRUBBABLE
    except Exception as error:  # noqa: BLE001 (whatever a parser raises on a hostile file)
        sys.stderr.write(f"{type(error).__name__}: {error}\n{DAMAGED}\n")
        return NOT_SCRUBBABLE
    sys.stdout.buffer.write(clean)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
