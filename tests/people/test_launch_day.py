"""Launch day: a whole office behind one address asks for its first-sign-in links (issue 18).

The emailed-link form is limited per account and per (account, address), and per address only
far above what an office of 5,000 reaches in a morning (``THROTTLED_POSTS``)."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories.people import STAFF_HEADER, csv_bytes, person, run

pytestmark = pytest.mark.django_db

LINK = reverse("accounts:password-reset")
OFFICE = "10.20.30.40"


@pytest.fixture
def fifty(imported):
    rows = [person(f"2{n:03d}", f"직원{n:02d}", "GENA") for n in range(50)]
    record = run(staff=csv_bytes(STAFF_HEADER, rows), full=False)
    assert record.status == "applied", record.preview["rejected"]
    return [row[0] for row in rows]


def _ask(client, number, address):
    return client.post(
        LINK, {"username": number, "email": f"{number}@gyeongnam.go.kr"}, REMOTE_ADDR=address
    ).status_code


def test_fifty_colleagues_behind_one_address_each_get_their_link_within_a_minute(client, fifty):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        statuses = []
        for number in fifty:
            statuses.append(_ask(client, number, OFFICE))
            clock.shift(1)  # one a second: all fifty inside a minute
    assert statuses == [302] * 50
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{n}@gyeongnam.go.kr" for n in fifty)


def test_twenty_requests_against_one_account_from_many_addresses_are_limited(
    client, settings, fifty
):
    target = fifty[0]
    statuses = [_ask(client, target, f"198.51.100.{n}") for n in range(1, 21)]
    limit = settings.LINK_THROTTLE_PER_ACCOUNT
    assert limit < 20
    assert statuses == [302] * limit + [429] * (20 - limit)
    assert len(mail.outbox) == limit
    # The target's colleagues at those addresses are not held up by the flood.
    assert _ask(client, fifty[1], "198.51.100.1") == 302


def test_one_account_asked_again_and_again_from_one_address_is_limited_sooner(
    client, settings, fifty
):
    pair = settings.LINK_THROTTLE_PER_ACCOUNT_ADDRESS
    assert pair < settings.LINK_THROTTLE_PER_ACCOUNT
    statuses = [_ask(client, fifty[0], OFFICE) for _ in range(pair + 1)]
    assert statuses == [302] * pair + [429]
    # From another address (the person at home) the account still has its own allowance left.
    assert _ask(client, fifty[0], "203.0.113.9") == 302


def test_one_address_is_stopped_past_its_own_limit(client, settings, fifty):
    settings.THROTTLED_POSTS = {
        "accounts:password-reset": {
            **settings.THROTTLED_POSTS["accounts:password-reset"],
            "address": (30, 3600),
        }
    }
    statuses = [_ask(client, number, OFFICE) for number in fifty[:31]]
    assert statuses == [302] * 30 + [429]
    assert len(mail.outbox) == 30
