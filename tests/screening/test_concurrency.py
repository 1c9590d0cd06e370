"""Two innovation-unit members press "decide" at the same moment: exactly one decision wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from proposals.enums import CallPhase, ProposalStatus
from screening import services
from screening.models import Screening
from tests.factories import innovation_unit_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_make_exactly_one():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    first_iu, second_iu = innovation_unit_user(), innovation_unit_user()
    call = ClosedCallFactory()
    entries = [EntryFactory(call=call) for _ in range(3)]
    member = EntryFactory._meta.model.proposer.field.related_model.objects.create_user(
        username="board-x", full_name="위원", email="board-x@example.go.kr"
    )
    screening = setup_screening(call=call, by=first_iu, members=[member])
    for value, proposal in zip([5, 4, 3], entries, strict=True):
        score_all(screening=screening, proposal=proposal, by=member, value=value)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(by, pick):
        try:
            barrier.wait()
            services.screening_decide(
                call=call, by=by, selected=[pick], rationale="사유", deviation_reason="경합 시험"
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(first_iu, entries[0])),
        threading.Thread(target=decide, args=(second_iu, entries[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    statuses = [p.status for p in EntryFactory._meta.model.objects.filter(call=call)]
    assert statuses.count(ProposalStatus.SELECTED) == 1
    assert statuses.count(ProposalStatus.NOT_SELECTED) == 2
    call.refresh_from_db()
    assert call.phase == CallPhase.DECIDED
    assert Screening.objects.get(call=call).history.filter(history_change_reason="decided").count() == 1
