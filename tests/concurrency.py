"""Racing real threads against PostgreSQL's locks, for the concurrency tests of every area."""

import threading

from django.db import connections


def race(*actions) -> list:
    """Runs the actions in parallel threads released together by a barrier; returns, in order,
    what each returned or the exception it raised. Each thread closes its connections."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def run_together(*actions) -> list[Exception]:
    """Like ``race``, returning only the exceptions raised."""
    return [outcome for outcome in race(*actions) if isinstance(outcome, Exception)]
