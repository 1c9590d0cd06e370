from datetime import timedelta

from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.services import reminders_dispatch
from screening import services
from screening.reminders import SCREENING_DUE
from tests.factories.screening import score_all


def test_due_reminder_goes_to_members_with_entries_left(
    screening, entry, other_entry, member, member2, innovation_unit, django_capture_on_commit_callbacks
):
    services.screening_configure(
        call=screening.call, by=innovation_unit, deadline=timezone.now() + timedelta(days=1)
    )
    score_all(screening=screening, proposal=entry, by=member2, value=3)
    services.review_abstain(proposal=other_entry, by=member2, reason="동료의 제안")
    score_all(screening=screening, proposal=entry, by=member, value=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()
        reminders_dispatch()  # idempotent
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert screening.call.title in mail.outbox[0].subject
    assert "1" in mail.outbox[0].body
    for secret in (entry.proposer.full_name, entry.owning_department.name, entry.title):
        assert secret not in mail.outbox[0].body


def test_no_reminder_far_from_the_deadline_or_after_decision(screening, entry, innovation_unit):
    reminders_dispatch()
    assert not Notification.objects.filter(kind=SCREENING_DUE).exists()
    services.screening_configure(
        call=screening.call, by=innovation_unit, deadline=timezone.now() + timedelta(hours=5)
    )
    services.screening_decide(call=screening.call, by=innovation_unit, selected=[entry], rationale="이유")
    reminders_dispatch()
    assert not Notification.objects.filter(kind=SCREENING_DUE).exists()
