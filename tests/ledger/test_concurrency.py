"""Appends from eight threads at once, some of them rolled back, keep one gapless valid chain."""

import threading

import pytest
from django.db import connection, connections, transaction

from ledger.enums import LedgerKind
from ledger.models import LedgerEntry
from ledger.services import ledger_append, ledger_verify

THREADS = 8
APPENDS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_a_single_valid_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL advisory locks")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(thread: int) -> None:
        try:
            barrier.wait()
            for index in range(APPENDS):
                try:
                    with transaction.atomic():
                        ledger_append(
                            kind=LedgerKind.ROUTING_ANSWER,
                            object_type="routing.routing",
                            object_id=thread * 100 + index + 1,
                            data={"thread": thread, "index": index},
                        )
                        if index == 0:
                            raise LookupError("this decision rolls back")
                except LookupError:
                    pass
        except BaseException as error:  # reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected = THREADS * (APPENDS - 1)
    assert list(
        LedgerEntry.objects.order_by("position").values_list("position", flat=True)
    ) == list(range(1, expected + 1))
    assert (
        LedgerEntry.objects.filter(object_id__in=[n * 100 + 1 for n in range(THREADS)]).count() == 0
    )
    result = ledger_verify()
    assert result.ok, result.message
    assert result.count == expected
