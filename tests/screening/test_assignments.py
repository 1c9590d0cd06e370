"""Assigned reviews and conflicts of interest: the services, the permission filter they feed
(``permissions.reviewable_q``), the progress read and the reminder."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.services import reminders_dispatch
from screening import assignments, permissions, selectors, services
from screening.enums import ConflictDecision, ConflictSource, ReviewMode
from screening.models import Assignment, Conflict, EntryScore, Review
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def visible(member, call):
    return set(permissions.entries_for_board_member(member, call).values_list("pk", flat=True))


def assigned_to(screening):
    return Counter(
        Assignment.objects.filter(screening=screening).values_list("member_id", flat=True)
    )


@pytest.fixture
def big(db, innovation_unit):
    """A call of six entries and a board of three, reviews assigned two per entry."""
    call = ClosedCallFactory()
    entries = [EntryFactory(call=call) for _ in range(6)]
    members = [UserFactory(full_name=f"심사{n}") for n in range(3)]
    screening = setup_screening(call=call, by=innovation_unit, members=members)
    services.review_mode_set(call=call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=2)
    screening.refresh_from_db()
    return screening, entries, members


def test_assigned_mode_gives_each_entry_n_members_balanced(big):
    screening, entries, members = big
    per_entry = Counter(
        Assignment.objects.filter(screening=screening).values_list("proposal_id", flat=True)
    )
    assert all(per_entry[e.pk] == 2 for e in entries)
    assert sorted(assigned_to(screening).values()) == [4, 4, 4]
    # Each member sees and may score only their assigned entries.
    for member in members:
        mine = set(Assignment.objects.filter(member=member).values_list("proposal_id", flat=True))
        assert visible(member, screening.call) == mine
    member = members[0]
    other = next(
        e for e in entries if not Assignment.objects.filter(proposal=e, member=member).exists()
    )
    with pytest.raises(PermissionDenied):
        score_all(screening=screening, proposal=other, by=member, value=3)


def test_switching_back_to_all_shows_every_entry(big, innovation_unit):
    screening, entries, members = big
    services.review_mode_set(
        call=screening.call, by=innovation_unit, mode=ReviewMode.ALL, per_entry=2
    )
    assert visible(members[0], screening.call) == {e.pk for e in entries}


def test_only_the_unit_sets_the_mode_and_a_refusal_writes_nothing(big, innovation_unit):
    screening, _entries, members = big
    before = Assignment.objects.count()
    with pytest.raises(PermissionDenied):
        services.review_mode_set(
            call=screening.call, by=members[0], mode=ReviewMode.ALL, per_entry=1
        )
    with pytest.raises(ValidationError):
        services.review_mode_set(call=screening.call, by=innovation_unit, mode="x", per_entry=1)
    with pytest.raises(ValidationError):
        services.review_mode_set(
            call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=0
        )
    screening.refresh_from_db()
    assert screening.review_mode == ReviewMode.ASSIGNED
    assert Assignment.objects.count() == before


def test_a_member_leaving_is_rebalanced(big, innovation_unit):
    screening, entries, members = big
    services.board_member_remove(call=screening.call, user=members[2], by=innovation_unit)
    assert not Assignment.objects.filter(member=members[2]).exists()
    per_entry = Counter(
        Assignment.objects.filter(screening=screening).values_list("proposal_id", flat=True)
    )
    assert all(per_entry[e.pk] == 2 for e in entries)
    assert sorted(assigned_to(screening).values()) == [6, 6]


def test_a_member_joining_takes_over_unreviewed_assignments(big, innovation_unit):
    screening, _entries, members = big
    newcomer = UserFactory()
    services.board_member_add(call=screening.call, user=newcomer, by=innovation_unit)
    loads = assigned_to(screening)
    assert loads[newcomer.pk] == 3
    assert max(loads.values()) - min(loads.values()) <= 1


def test_declaring_a_conflict_takes_the_entry_off_and_withdraws_the_review(big):
    screening, _entries, members = big
    member = members[0]
    entry = Assignment.objects.filter(member=member).first().proposal
    score_all(screening=screening, proposal=entry, by=member, value=5)
    assert EntryScore.objects.get(proposal=entry).review_count == 1
    with pytest.raises(ValidationError):
        services.conflict_declare(proposal=entry, by=member, reason="  ")
    conflict = services.conflict_declare(proposal=entry, by=member, reason="같은 팀에서 일했습니다")
    assert conflict.source == ConflictSource.DECLARED
    assert conflict.decision == ConflictDecision.CONFIRMED
    assert entry.pk not in visible(member, screening.call)
    assert not Review.objects.filter(proposal=entry, reviewer=member).exists()
    assert not EntryScore.objects.filter(proposal=entry, review_count__gt=0).exists()
    # Another member took the entry over: it still has two, neither of them the declarer.
    holders = set(Assignment.objects.filter(proposal=entry).values_list("member_id", flat=True))
    assert len(holders) == 2
    assert member.pk not in holders
    # Declared once: the entry is no longer theirs, so they cannot declare (or score) again.
    with pytest.raises(PermissionDenied):
        services.conflict_declare(proposal=entry, by=member, reason="다시")


def test_declaring_on_an_entry_not_assigned_is_refused(big):
    screening, entries, members = big
    member = members[0]
    other = next(
        e for e in entries if not Assignment.objects.filter(proposal=e, member=member).exists()
    )
    with pytest.raises(PermissionDenied):
        services.conflict_declare(proposal=other, by=member, reason="이유")
    assert not Conflict.objects.exists()


@pytest.fixture
def same_department(screening, entry, member):
    """``member`` works in the department of ``entry``'s proposer."""
    member.department = entry.proposer.department
    member.save()
    return member


def test_a_department_match_is_flagged_to_the_unit_and_the_unit_decides(
    screening, entry, other_entry, same_department, member2, innovation_unit
):
    member = same_department
    flags = assignments.department_flags(screening)
    assert [(f.proposal.pk, f.member.pk, f.decision) for f in flags] == [
        (entry.pk, member.pk, None)
    ]
    # Pending: with everyone reviewing everything the member still sees the entry.
    assert entry.pk in visible(member, screening.call)
    with pytest.raises(PermissionDenied):
        services.conflict_decide(
            call=screening.call,
            proposal=entry,
            member=member,
            by=member2,
            decision=ConflictDecision.CONFIRMED,
        )
    with pytest.raises(ValidationError):
        services.conflict_decide(
            call=screening.call,
            proposal=other_entry,
            member=member,
            by=innovation_unit,
            decision="confirmed",
        )
    services.conflict_decide(
        call=screening.call,
        proposal=entry,
        member=member,
        by=innovation_unit,
        decision=ConflictDecision.DISMISSED,
    )
    assert entry.pk in visible(member, screening.call)
    score_all(screening=screening, proposal=entry, by=member, value=4)
    services.conflict_decide(
        call=screening.call,
        proposal=entry,
        member=member,
        by=innovation_unit,
        decision=ConflictDecision.CONFIRMED,
    )
    assert entry.pk not in visible(member, screening.call)
    assert not Review.objects.filter(proposal=entry, reviewer=member).exists()
    assert [f.decision for f in assignments.department_flags(screening)] == [
        ConflictDecision.CONFIRMED
    ]


def test_a_pending_department_match_is_not_assigned_until_dismissed(
    screening, entry, other_entry, same_department, member2, innovation_unit
):
    member = same_department
    services.review_mode_set(
        call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=2
    )
    assert set(Assignment.objects.filter(proposal=entry).values_list("member_id", flat=True)) == {
        member2.pk
    }
    services.conflict_decide(
        call=screening.call,
        proposal=entry,
        member=member,
        by=innovation_unit,
        decision=ConflictDecision.DISMISSED,
    )
    assert set(Assignment.objects.filter(proposal=entry).values_list("member_id", flat=True)) == {
        member.pk,
        member2.pk,
    }


def test_the_members_own_entry_is_not_flagged_nor_assigned(db, innovation_unit):
    department = DepartmentFactory()
    proposer_member = UserFactory(department=department)
    call = ClosedCallFactory()
    own = EntryFactory(call=call, proposer=proposer_member)
    screening = setup_screening(
        call=call, by=innovation_unit, members=[proposer_member, UserFactory()]
    )
    assert assignments.department_flags(screening) == []
    services.review_mode_set(call=call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=2)
    assert not Assignment.objects.filter(proposal=own, member=proposer_member).exists()


def test_progress_counts_done_of_assigned(big):
    screening, _entries, members = big
    first, second = Assignment.objects.filter(member=members[0])[:2]
    score_all(screening=screening, proposal=first.proposal, by=members[0], value=3)
    services.review_abstain(proposal=second.proposal, by=members[0], reason="잘 모르는 분야")
    rows = {row.member.pk: (row.done, row.assigned) for row in assignments.progress(screening)}
    assert rows == {members[0].pk: (2, 4), members[1].pk: (0, 4), members[2].pk: (0, 4)}


def test_progress_in_all_mode_counts_every_entry_but_conflicts(
    screening, entry, other_entry, member, member2
):
    score_all(screening=screening, proposal=entry, by=member, value=3)
    services.conflict_declare(proposal=other_entry, by=member2, reason="친척입니다")
    rows = {row.member.pk: (row.done, row.assigned) for row in assignments.progress(screening)}
    assert rows == {member.pk: (1, 2), member2.pk: (0, 1)}


def test_the_home_panel_counts_only_assigned_entries(big):
    screening, _entries, members = big
    (seat,) = selectors.board_home(members[0])
    assert (seat.entry_count, seat.left_count) == (4, 4)


def test_reminders_go_only_to_members_with_assigned_entries_left(
    big, innovation_unit, django_capture_on_commit_callbacks
):
    screening, _entries, members = big
    services.screening_configure(
        call=screening.call, by=innovation_unit, deadline=timezone.now() + timedelta(days=1)
    )
    for assignment in Assignment.objects.filter(member=members[0]):
        score_all(screening=screening, proposal=assignment.proposal, by=members[0], value=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([members[1].email, members[2].email])
    assert all("4" in m.body for m in mail.outbox)


def test_only_a_seated_member_declares_a_conflict(screening, entry, innovation_unit):
    outsider = UserFactory()
    for person in (outsider, innovation_unit, entry.proposer):
        with pytest.raises(PermissionDenied):
            services.conflict_declare(proposal=entry, by=person, reason="이유")
    assert not Conflict.objects.exists()


def test_nothing_changes_after_the_decision(screening, entry, member, innovation_unit):
    services.screening_decide(
        call=screening.call, by=innovation_unit, selected=[entry], rationale="도전성"
    )
    with pytest.raises(ValidationError):
        services.review_mode_set(
            call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=1
        )
    with pytest.raises(ValidationError):
        services.conflict_declare(proposal=entry, by=member, reason="이유")
    assert not Assignment.objects.exists()
    assert not Conflict.objects.exists()


def test_members_given_entries_once_the_screening_is_open_are_told_how_many(big, innovation_unit):
    """A re-balance after the opening (here a member leaves) tells each member who got entries
    how many and by when, naming no proposer (blind review covers email too)."""
    from notifications.models import Notification

    screening, entries, members = big
    Notification.objects.filter(kind="screening_entries_assigned").delete()
    before = assigned_to(screening)
    services.board_member_remove(call=screening.call, user=members[2], by=innovation_unit)
    after = assigned_to(screening)
    told = {n.recipient_id: n for n in Notification.objects.filter(kind="screening_entries_assigned")}
    gained = {m.pk: after[m.pk] - before[m.pk] for m in members[:2] if after[m.pk] > before[m.pk]}
    assert set(told) == set(gained) and gained
    for member_id, notification in told.items():
        assert f"{gained[member_id]}" in notification.body_text
        assert screening.call.title in notification.subject
        for entry in entries:
            assert entry.proposer.full_name not in notification.body_text
            assert entry.title not in notification.body_text


def test_assignments_before_the_opening_send_nothing(db, innovation_unit):
    """Before the screening opens, its opening message tells the board; assigning is silent."""
    from notifications.models import Notification

    call = ClosedCallFactory()
    for _ in range(4):
        EntryFactory(call=call)
    members = [UserFactory() for _ in range(2)]
    setup_screening(call=call, by=innovation_unit, members=members, open_it=False)
    services.review_mode_set(call=call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=1)
    assert Assignment.objects.filter(screening__call=call).exists()
    assert not Notification.objects.filter(kind="screening_entries_assigned").exists()
