from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labs import permissions, services
from labs.enums import LabStatus, MembershipStatus
from labs.models import Membership
from proposals.enums import CoProposerStatus
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.labs import (
    LabFactory,
    SelectedProposalFactory,
    acknowledge_all,
    join,
    running_lab,
)

pytestmark = pytest.mark.django_db


def form_lab(proposal, by):
    start = timezone.localdate()
    return services.lab_form(
        proposal=proposal, by=by, name="블록체인 랩", mission=proposal.idea, start_date=start,
        end_date=start + timedelta(days=120),
    )


def test_only_a_selected_proposal_becomes_a_lab_and_only_once(innovation_unit, staff):
    from tests.factories import SubmittedProposalFactory

    with pytest.raises(ValidationError):
        form_lab(SubmittedProposalFactory(), innovation_unit)
    proposal = SelectedProposalFactory()
    with pytest.raises(PermissionDenied):
        form_lab(proposal, staff)
    form_lab(proposal, innovation_unit)
    with pytest.raises(ValidationError):
        form_lab(proposal, innovation_unit)


def test_volunteering_proposers_are_invited_not_enrolled(innovation_unit):
    proposal = SelectedProposalFactory(proposer_volunteers=True)
    volunteer = CoProposerFactory(proposal=proposal, volunteers=True).user
    CoProposerFactory(proposal=proposal, volunteers=False)  # accepted, but does not volunteer
    CoProposerFactory(proposal=proposal, volunteers=True, status=CoProposerStatus.DECLINED)
    lab = form_lab(proposal, innovation_unit)

    invited = {m.user for m in lab.memberships.all()}
    assert invited == {proposal.proposer, volunteer}
    assert all(m.status == MembershipStatus.INVITED for m in lab.memberships.all())
    assert not permissions.is_member(proposal.proposer, lab)


def test_membership_only_by_ones_own_consent(innovation_unit, staff, other_staff):
    lab = LabFactory()
    # The innovation unit cannot invite someone who has not volunteered.
    stranger = Membership.objects.create(lab=lab, user=other_staff, status=MembershipStatus.DECLINED)
    with pytest.raises(ValidationError):
        services.membership_invite(membership=stranger, by=innovation_unit)

    membership = services.lab_volunteer(lab=lab, by=staff)
    services.membership_invite(membership=membership, by=innovation_unit)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.INVITED
    assert not permissions.is_member(staff, lab)

    # Nobody else can accept on the person's behalf.
    with pytest.raises(PermissionDenied):
        services.membership_respond(lab=lab, by=innovation_unit, accept=True)
    with pytest.raises(PermissionDenied):
        services.membership_respond(lab=lab, by=other_staff, accept=True)

    services.membership_respond(lab=lab, by=staff, accept=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert permissions.is_member(staff, lab)


def test_declining_an_invitation_grants_nothing(innovation_unit, staff):
    lab = LabFactory()
    membership = services.lab_volunteer(lab=lab, by=staff)
    services.membership_invite(membership=membership, by=innovation_unit)
    services.membership_respond(lab=lab, by=staff, accept=False)
    assert not permissions.is_member(staff, lab)
    assert not permissions.can_read_log(staff, lab)


def test_every_member_holds_the_same_rights():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c)
    for user in (a, b, c):
        rights = (permissions.can_read_log, permissions.can_write_log, permissions.can_comment, permissions.can_decide)
        assert permissions.is_member(user, lab)
        assert all(right(user, lab) for right in rights)


def test_an_active_membership_is_the_whole_of_the_rights(innovation_unit):
    """No grant is kept beside the membership: the row alone opens the log, and ending it
    closes it."""
    lab = running_lab(iu=innovation_unit)
    person = UserFactory()
    assert not permissions.can_write_log(person, lab)
    membership = Membership.objects.create(lab=lab, user=person, status=MembershipStatus.ACTIVE)
    assert permissions.can_write_log(person, lab)
    membership.status = MembershipStatus.REMOVED
    membership.save()
    assert not permissions.can_read_log(person, lab)


def test_leaving_revokes_the_rights_and_pauses_a_lab_below_two(client):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    client.force_login(a)
    assert client.get(f"/labs/{lab.pk}/log/").status_code == 200

    services.membership_leave(lab=lab, by=a)
    assert not permissions.is_member(a, lab)
    assert client.get(f"/labs/{lab.pk}/log/").status_code == 404
    lab.refresh_from_db()
    assert lab.status == LabStatus.PAUSED


def test_a_paused_lab_resumes_when_it_recruits(innovation_unit):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    services.membership_leave(lab=lab, by=a)
    # A paused lab that still has a member adds people by joint decision.
    decision = services.decision_propose(lab=lab, by=b, kind="add_member", subject=c)
    decision.refresh_from_db()
    assert decision.status == "adopted"  # b is the only current member
    services.membership_respond(lab=lab, by=c, accept=True)
    lab.refresh_from_db()
    assert lab.status == LabStatus.RUNNING


def test_the_lab_starts_only_with_two_accepted_and_acknowledged_members(innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = LabFactory()
    join(lab, a, by=innovation_unit)
    acknowledge_all(lab, by=innovation_unit)
    with pytest.raises(ValidationError):
        services.lab_start(lab=lab, by=innovation_unit)
    join(lab, b, by=innovation_unit)
    with pytest.raises(ValidationError) as error:
        services.lab_start(lab=lab, by=innovation_unit)
    assert b.full_name in str(error.value)
    acknowledge_all(lab, by=innovation_unit)
    assert services.lab_start(lab=lab, by=innovation_unit).status == LabStatus.RUNNING


def test_volunteering_closes_with_the_window(staff):
    lab = LabFactory(recruitment_closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.lab_volunteer(lab=lab, by=staff)
    assert not lab.memberships.exists()


def test_a_member_cannot_be_invited_by_the_innovation_unit_once_the_lab_runs(innovation_unit, staff):
    lab = running_lab(iu=innovation_unit)
    membership = Membership.objects.create(lab=lab, user=staff, status=MembershipStatus.VOLUNTEERED)
    with pytest.raises(ValidationError):
        services.membership_invite(membership=membership, by=innovation_unit)


def test_who_may_volunteer(staff):
    today = timezone.localdate()
    lab = LabFactory(recruitment_closes_on=today)
    assert permissions.can_volunteer(lab, today, None)
    membership = services.lab_volunteer(lab=lab, by=staff)
    assert not permissions.can_volunteer(lab, today, membership)
    membership = services.lab_volunteer_withdraw(lab=lab, by=staff)
    assert permissions.can_volunteer(lab, today, membership)
    assert not permissions.can_volunteer(lab, today + timedelta(days=1), membership)
