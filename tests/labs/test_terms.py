from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from labs import services
from labs.enums import DecisionKind, DecisionStatus
from labs.models import Lab
from labs.terms import add_months, term_end, validate_term
from tests.factories.labs import SelectedProposalFactory, running_lab

pytestmark = pytest.mark.django_db

START = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 7, 1), 3, date(2026, 9, 30)),
        (date(2026, 7, 1), 6, date(2026, 12, 31)),
        (date(2026, 7, 15), 3, date(2026, 10, 14)),
        # No corresponding day in the last month: the term ends with that month.
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
    ],
)
def test_term_end(start, months, expected):
    assert term_end(start, months) == expected


@pytest.mark.parametrize(
    ("end", "ok"),
    [
        (date(2026, 9, 29), False),  # 3 months less a day
        (date(2026, 9, 30), True),  # 3 months
        (date(2026, 11, 15), True),
        (date(2026, 12, 31), True),  # 6 months
        (date(2027, 1, 1), False),  # 6 months and a day
    ],
)
def test_validate_term_edges(end, ok):
    if ok:
        validate_term(START, end)
    else:
        with pytest.raises(ValidationError) as error:
            validate_term(START, end)
        assert "2026-09-30" in str(error.value) and "2026-12-31" in str(error.value)


@pytest.mark.parametrize(
    ("end", "ok"),
    [(date(2026, 9, 29), False), (date(2026, 9, 30), True), (date(2026, 12, 31), True), (date(2027, 1, 1), False)],
)
def test_forming_a_lab_applies_the_term_rule(innovation_unit, end, ok):
    proposal = SelectedProposalFactory()
    form = lambda: services.lab_form(  # noqa: E731
        proposal=proposal, by=innovation_unit, name="랩", mission="임무", start_date=START, end_date=end
    )
    if ok:
        assert form().end_date == end
    else:
        with pytest.raises(ValidationError):
            form()
        assert not Lab.objects.exists()


def test_term_message_is_korean(innovation_unit):
    with pytest.raises(ValidationError) as error:
        validate_term(START, date(2026, 9, 29))
    assert "개월" in error.value.messages[0]


def test_extension_keeps_the_whole_term_within_six_months(innovation_unit):
    lab = running_lab(iu=innovation_unit)
    lab.end_date = term_end(lab.start_date, 3)
    lab.save()
    a, b = (m.user for m in lab.memberships.all())
    longest = term_end(lab.start_date, 6)

    with pytest.raises(ValidationError):
        services.decision_propose(lab=lab, by=a, kind=DecisionKind.EXTENSION, new_end_date=longest + timedelta(days=1))
    assert not lab.decisions.exists()

    decision = services.decision_propose(lab=lab, by=a, kind=DecisionKind.EXTENSION, new_end_date=longest)
    services.decision_sign(decision=decision, by=b, approve=True)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    lab.refresh_from_db()
    assert lab.end_date == term_end(lab.start_date, 3)  # not before the innovation unit approves

    services.decision_review_extension(decision=decision, by=innovation_unit, approve=True)
    lab.refresh_from_db()
    assert lab.end_date == longest
    release = lab.memberships.first().releases.get()
    assert release.ends_on == longest
