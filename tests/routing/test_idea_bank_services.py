"""The idea bank's services and rules (issue 20, part 1): who is in the bank, consent and its
withdrawal, supports, comments, hiding, follows and what followers are told."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from proposals import services as proposal_services
from proposals.enums import CoProposerStatus
from proposals.models import IdeaBankConsent
from routing import services
from routing.enums import RoutingStatus
from routing.models import COMMENT_MAX_LENGTH, IdeaComment, IdeaFollow, IdeaSupport
from routing.permissions import banked_proposals
from tests.db import row_counts
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.ideas import banked_idea, banked_routing
from tests.factories.routing import RoutingFactory, liaison_user

pytestmark = pytest.mark.django_db


def in_bank(proposal) -> bool:
    return banked_proposals().filter(pk=proposal.pk).exists()


# --- who is in the bank -------------------------------------------------------------------------


def test_a_routed_not_selected_proposal_is_banked_only_once_every_author_agreed():
    routing = RoutingFactory()
    proposal = routing.proposal
    coproposer = UserFactory()
    CoProposerFactory(proposal=proposal, user=coproposer, status=CoProposerStatus.ACCEPTED)
    assert not in_bank(proposal)

    proposal_services.idea_bank_consent_set(proposal=proposal, by=proposal.proposer, agreed=True)
    assert not in_bank(proposal), "the accepted co-proposer has not agreed yet"

    proposal_services.idea_bank_consent_set(proposal=proposal, by=coproposer, agreed=True)
    assert in_bank(proposal)


def test_an_invited_or_declined_coproposer_is_not_asked():
    proposal = banked_idea()
    CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED)
    CoProposerFactory(proposal=proposal, status=CoProposerStatus.DECLINED)
    assert in_bank(proposal)


def test_withdrawing_consent_takes_the_idea_out_at_once_and_agreeing_brings_it_back():
    coproposer = UserFactory()
    proposal = banked_idea(coproposer=coproposer)
    assert in_bank(proposal)

    proposal_services.idea_bank_consent_set(proposal=proposal, by=coproposer, agreed=False)
    assert not in_bank(proposal)
    proposal_services.idea_bank_consent_set(proposal=proposal, by=coproposer, agreed=True)
    assert in_bank(proposal)


def test_an_unrouted_or_selected_proposal_is_never_in_the_bank():
    proposal = banked_idea()
    proposal.routings.all().delete()
    assert not in_bank(proposal)
    other = banked_idea()
    other.status = "selected"
    other.save(update_fields=["status"])
    assert not in_bank(other)


# --- consent ----------------------------------------------------------------------------------


def test_consent_keeps_its_history_and_an_unchanged_answer_writes_nothing():
    routing = RoutingFactory()
    proposal, proposer = routing.proposal, routing.proposal.proposer
    proposal_services.idea_bank_consent_set(proposal=proposal, by=proposer, agreed=True)
    before = row_counts()
    proposal_services.idea_bank_consent_set(proposal=proposal, by=proposer, agreed=True)
    assert row_counts() == before
    proposal_services.idea_bank_consent_set(proposal=proposal, by=proposer, agreed=False)

    history = IdeaBankConsent.history.filter(proposal_id=proposal.pk).order_by("history_date")
    assert [(h.agreed, h.history_user_id, h.history_change_reason) for h in history] == [
        (True, proposer.pk, "agreed"),
        (False, proposer.pk, "withdrawn"),
    ]


@pytest.mark.parametrize("who", ["colleague", "unit", "invited"])
def test_only_an_author_gives_consent_and_a_refusal_writes_nothing(who, innovation_unit):
    proposal = RoutingFactory().proposal
    user = {
        "colleague": UserFactory(),
        "unit": innovation_unit,
        "invited": CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED).user,
    }[who]
    before = row_counts()
    with pytest.raises(PermissionDenied):
        proposal_services.idea_bank_consent_set(proposal=proposal, by=user, agreed=True)
    assert row_counts() == before


def test_the_proposal_form_and_accepting_an_invitation_ask_for_consent(open_call):
    proposer, invited = UserFactory(), UserFactory()
    proposal = proposal_services.proposal_save(
        call=open_call,
        proposal=None,
        by=proposer,
        client_token="6f1c3a50-0000-4000-8000-000000000001",
        fields={"title": "민원 서류 간소화"},
        coproposers=[invited],
        idea_bank=True,
    )
    assert IdeaBankConsent.objects.get(proposal=proposal, user=proposer).agreed
    proposal_services.coproposer_respond(proposal=proposal, by=invited, accept=True, idea_bank=True)
    assert IdeaBankConsent.objects.get(proposal=proposal, user=invited).agreed


# --- supports, follows -------------------------------------------------------------------------


def test_support_is_once_per_person_and_can_be_taken_back(staff, other_staff):
    idea = banked_idea()
    services.idea_support(proposal=idea, by=staff)
    services.idea_support(proposal=idea, by=staff)
    services.idea_support(proposal=idea, by=other_staff)
    assert IdeaSupport.objects.filter(proposal=idea).count() == 2
    services.idea_unsupport(proposal=idea, by=staff)
    services.idea_unsupport(proposal=idea, by=staff)
    assert list(IdeaSupport.objects.filter(proposal=idea).values_list("user", flat=True)) == [
        other_staff.pk
    ]


@pytest.mark.parametrize(
    "service",
    [
        lambda p, u: services.idea_support(proposal=p, by=u),
        lambda p, u: services.idea_unsupport(proposal=p, by=u),
        lambda p, u: services.idea_follow(proposal=p, by=u),
        lambda p, u: services.idea_unfollow(proposal=p, by=u),
        lambda p, u: services.idea_comment_add(proposal=p, by=u, text="좋아요"),
    ],
    ids=["support", "unsupport", "follow", "unfollow", "comment"],
)
def test_nothing_is_written_on_an_idea_out_of_the_bank_or_by_an_outside_evaluator(service, staff):
    out_of_bank = RoutingFactory().proposal  # nobody agreed
    evaluator = UserFactory(department=None)
    idea = banked_idea()
    before = row_counts()
    with pytest.raises(PermissionDenied):
        service(out_of_bank, staff)
    with pytest.raises(PermissionDenied):
        service(idea, evaluator)
    assert row_counts() == before


def test_follow_is_once_per_person(staff):
    idea = banked_idea()
    services.idea_follow(proposal=idea, by=staff)
    services.idea_follow(proposal=idea, by=staff)
    assert IdeaFollow.objects.filter(proposal=idea, user=staff).count() == 1
    services.idea_unfollow(proposal=idea, by=staff)
    assert not IdeaFollow.objects.filter(proposal=idea).exists()


# --- comments and hiding -----------------------------------------------------------------------


def test_a_comment_is_plain_text_within_its_limit(staff):
    idea = banked_idea()
    comment = services.idea_comment_add(
        proposal=idea, by=staff, text="  <b>좋은</b> 생각입니다.\n  "
    )
    assert comment.text == "<b>좋은</b> 생각입니다." and comment.author == staff
    with pytest.raises(ValidationError):
        services.idea_comment_add(proposal=idea, by=staff, text="   ")
    with pytest.raises(ValidationError):
        services.idea_comment_add(proposal=idea, by=staff, text="가" * (COMMENT_MAX_LENGTH + 1))
    assert IdeaComment.objects.filter(proposal=idea).count() == 1


def test_the_unit_hides_a_comment_with_a_reason_and_it_is_recorded(staff, innovation_unit):
    idea = banked_idea()
    comment = services.idea_comment_add(proposal=idea, by=staff, text="개인 연락처 010-0000-0000")
    with pytest.raises(ValidationError):
        services.idea_comment_hide(comment=comment, by=innovation_unit, reason=" ")
    moment = timezone.now() - timedelta(minutes=1)
    hidden = services.idea_comment_hide(
        comment=comment, by=innovation_unit, reason="개인정보가 담겨 있습니다.", now=moment
    )
    assert (hidden.hidden_by, hidden.hidden_at, hidden.hidden_reason) == (
        innovation_unit,
        moment,
        "개인정보가 담겨 있습니다.",
    )
    assert hidden.history.first().history_user == innovation_unit
    assert hidden.history.first().history_change_reason == "hidden"
    with pytest.raises(ValidationError):
        services.idea_comment_hide(comment=comment, by=innovation_unit, reason="다시")


def test_only_the_unit_hides_a_comment(staff, other_staff):
    idea = banked_idea()
    comment = services.idea_comment_add(proposal=idea, by=staff, text="좋아요")
    liaison = liaison_user(idea.routings.get().department)
    before = row_counts()
    for user in (staff, other_staff, liaison):
        with pytest.raises(PermissionDenied):
            services.idea_comment_hide(comment=comment, by=user, reason="이유")
    assert row_counts() == before


# --- followers are told -----------------------------------------------------------------------


def _answer(routing, status=RoutingStatus.UNDER_STUDY, **kwargs):
    liaison = liaison_user(routing.department)
    return services.routing_answer(
        routing=routing, by=liaison, status=status, text="검토하겠습니다.", **kwargs
    ), liaison


def test_followers_are_told_of_the_answer_and_the_implementation(
    staff, other_staff, django_capture_on_commit_callbacks
):
    routing = banked_routing()
    proposer = routing.proposal.proposer
    services.idea_follow(proposal=routing.proposal, by=staff)
    services.idea_follow(proposal=routing.proposal, by=proposer)  # an author hears it anyway

    routing, liaison = _answer(
        routing, status=RoutingStatus.ADOPTED, target_date=timezone.localdate() + timedelta(days=30)
    )
    answered = Notification.objects.filter(kind="idea_answered")
    assert list(answered.values_list("recipient", flat=True)) == [staff.pk]
    note = answered.get()
    assert routing.proposal.title in note.subject
    assert proposer.full_name not in note.body_text + note.subject
    assert note.url.endswith(f"/routing/ideas/{routing.proposal_id}/")

    services.routing_progress_update(
        routing=routing, by=liaison, text="시행했습니다.", implemented=True
    )
    assert list(
        Notification.objects.filter(kind="idea_progress").values_list("recipient", flat=True)
    ) == [staff.pk]
    assert not Notification.objects.filter(recipient=other_staff).exists()


def test_followers_are_not_told_once_the_idea_left_the_bank_or_of_a_reroute_request(staff):
    routing = banked_routing()
    services.idea_follow(proposal=routing.proposal, by=staff)
    other = RoutingFactory().department
    liaison = liaison_user(routing.department)
    services.routing_answer(
        routing=routing,
        by=liaison,
        status=RoutingStatus.REROUTE_REQUESTED,
        text="소관이 아닙니다.",
        reroute_to=other,
    )
    assert not Notification.objects.filter(kind__startswith="idea_").exists()

    routing2 = banked_routing()
    services.idea_follow(proposal=routing2.proposal, by=staff)
    proposal_services.idea_bank_consent_set(
        proposal=routing2.proposal, by=routing2.proposal.proposer, agreed=False
    )
    _answer(routing2)
    assert not Notification.objects.filter(kind__startswith="idea_").exists()
