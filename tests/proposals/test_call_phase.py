from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from proposals.enums import CallPhase
from proposals.services import call_set_phase
from tests.proposals.conftest import CLOSES_AT, OPENS_AT

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS_AT - SECOND, CallPhase.UPCOMING),
        (OPENS_AT, CallPhase.OPEN),
        (CLOSES_AT - SECOND, CallPhase.OPEN),
        (CLOSES_AT, CallPhase.CLOSED),
        (CLOSES_AT + timedelta(days=30), CallPhase.CLOSED),
    ],
    ids=["opens-1s", "opens", "closes-1s", "closes", "month-later"],
)
def test_phase_follows_the_clock(fixed_call, moment, expected):
    assert fixed_call.phase_at(moment) == expected
    with time_machine.travel(moment, tick=False):
        assert fixed_call.phase == expected
        assert fixed_call.is_open == (expected == CallPhase.OPEN)


def test_stored_phases_move_in_order_and_are_recorded(fixed_call, innovation_unit):
    with time_machine.travel(CLOSES_AT + timedelta(days=1), tick=False):
        assert fixed_call.phase == CallPhase.CLOSED

        call = call_set_phase(call=fixed_call, to=CallPhase.SCREENING, by=innovation_unit)
        call.refresh_from_db()
        assert call.phase == CallPhase.SCREENING
        latest = call.history.order_by("-history_id").first()
        assert latest.stored_phase == CallPhase.SCREENING
        assert latest.history_user == innovation_unit

        call = call_set_phase(
            call=call, to=CallPhase.DECIDED, by=innovation_unit, reason="board decided"
        )
        call.refresh_from_db()
        assert call.phase == CallPhase.DECIDED
        latest = call.history.order_by("-history_id").first()
        assert latest.stored_phase == CallPhase.DECIDED
        assert latest.history_user == innovation_unit
        assert latest.history_change_reason == "board decided"

    # A stored phase no longer follows the clock.
    with time_machine.travel(OPENS_AT, tick=False):
        assert call.phase == CallPhase.DECIDED


@pytest.mark.parametrize(
    ("moment", "to"),
    [
        (OPENS_AT - SECOND, CallPhase.SCREENING),  # upcoming → screening
        (OPENS_AT + SECOND, CallPhase.SCREENING),  # open → screening
        (CLOSES_AT + SECOND, CallPhase.DECIDED),  # closed → decided (skips screening)
        (CLOSES_AT + SECOND, CallPhase.CLOSED),
        (CLOSES_AT + SECOND, CallPhase.OPEN),
    ],
)
def test_other_phase_moves_are_refused(fixed_call, innovation_unit, moment, to):
    before = fixed_call.history.count()
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError):
        call_set_phase(call=fixed_call, to=to, by=innovation_unit)
    fixed_call.refresh_from_db()
    assert fixed_call.stored_phase == ""
    assert fixed_call.history.count() == before


@pytest.mark.parametrize(
    "to", [CallPhase.SCREENING, CallPhase.DECIDED, CallPhase.OPEN, CallPhase.CLOSED]
)
def test_decided_is_final(fixed_call, innovation_unit, to):
    with time_machine.travel(CLOSES_AT + SECOND, tick=False):
        call_set_phase(call=fixed_call, to=CallPhase.SCREENING, by=innovation_unit)
        call_set_phase(call=fixed_call, to=CallPhase.DECIDED, by=innovation_unit)
        with pytest.raises(ValidationError):
            call_set_phase(call=fixed_call, to=to, by=innovation_unit)
    fixed_call.refresh_from_db()
    assert fixed_call.stored_phase == CallPhase.DECIDED


def test_screening_cannot_repeat(fixed_call, innovation_unit):
    with time_machine.travel(CLOSES_AT + SECOND, tick=False):
        call_set_phase(call=fixed_call, to=CallPhase.SCREENING, by=innovation_unit)
        with pytest.raises(ValidationError):
            call_set_phase(call=fixed_call, to=CallPhase.SCREENING, by=innovation_unit)
