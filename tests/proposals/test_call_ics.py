"""A call's dates as an .ics file (issue 20): public like the call's page, valid iCalendar with
its opening, deadline and expected results, and the screening's dates once it has them; the
call's page links to it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from screening import services as screening_services
from tests.factories import CallFactory, innovation_unit_user
from tests.factories.screening import (
    ClosedCallFactory,
    EntryFactory,
    board_member,
    score_all,
    setup_screening,
)

pytestmark = pytest.mark.django_db


def _uids(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")}


def test_an_open_calls_dates_are_public(client):
    call = CallFactory(results_expected_on=date(2026, 12, 31))
    response = client.get(reverse("proposals:call-ics", kwargs={"pk": call.pk}))
    assert _uids(response) == {
        f"call-{call.pk}-opens",
        f"call-{call.pk}-closes",
        f"call-{call.pk}-results",
    }
    assert response["Content-Disposition"] == f'attachment; filename="call-{call.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == call.title


def test_a_decided_call_adds_its_screening_and_decision(client):
    iu = innovation_unit_user()
    call = ClosedCallFactory(created_by=iu)
    entry = EntryFactory(call=call)
    member = board_member()
    screening = setup_screening(call=call, by=iu, members=[member])
    url = reverse("proposals:call-ics", kwargs={"pk": call.pk})
    assert f"call-{call.pk}-screening" in _uids(client.get(url))
    score_all(screening=screening, proposal=entry, by=member, value=4)
    screening_services.screening_decide(call=call, by=iu, selected=[entry], rationale="도전성")
    uids = _uids(client.get(url))
    assert {f"call-{call.pk}-screening", f"call-{call.pk}-decided"} <= uids
    assert entry.title not in client.get(url).content.decode()


def test_the_calls_page_links_to_its_dates(client):
    call = CallFactory()
    with translation.override("en"):
        page = client.get(reverse("proposals:call-detail", kwargs={"pk": call.pk})).content.decode()
    assert reverse("proposals:call-ics", kwargs={"pk": call.pk}) in page


def test_an_unknown_call_is_404(client):
    assert client.get(reverse("proposals:call-ics", kwargs={"pk": 999999})).status_code == 404
