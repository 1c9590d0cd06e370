"""The idea bank's personal data: the "my data" sections and the retention rule
(``anonymise_closed_calls`` forgets who was behind the bank's rows of an anonymised call)."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.personal_data import personal_data_sections
from proposals import services as proposal_services
from proposals.models import IdeaBankConsent
from routing import services
from routing.models import IdeaComment, IdeaFollow, IdeaSupport
from routing.permissions import banked_proposals
from tests.factories import CallFactory, UserFactory
from tests.factories.ideas import banked_idea

pytestmark = pytest.mark.django_db

SLUGS = ("idea_bank_consents", "idea_supports", "idea_comments", "idea_follows")


def sections_for(user) -> dict:
    return {s.slug: s.func(user) for s in personal_data_sections() if s.slug in SLUGS}


def test_my_data_lists_my_consents_supports_comments_and_follows(staff, innovation_unit):
    proposer = UserFactory()
    idea = banked_idea(proposer=proposer, title="전자 명함")
    proposal_services.idea_bank_consent_set(proposal=idea, by=proposer, agreed=False)
    services_idea = banked_idea()
    services.idea_support(proposal=services_idea, by=staff)
    services.idea_follow(proposal=services_idea, by=staff)
    comment = services.idea_comment_add(proposal=services_idea, by=staff, text="좋아요")
    services.idea_comment_hide(comment=comment, by=innovation_unit, reason="중복")

    mine = sections_for(staff)
    assert set(mine) == set(SLUGS)
    assert mine["idea_supports"][0]["idea"] == services_idea.title
    assert mine["idea_follows"][0]["idea_id"] == services_idea.pk
    assert mine["idea_comments"][0] | {"written_at": None, "hidden_at": None} == {
        "idea_id": services_idea.pk,
        "idea": services_idea.title,
        "text": "좋아요",
        "written_at": None,
        "hidden_at": None,
        "hidden_reason": "중복",
    }
    assert mine["idea_bank_consents"] == []
    consents = sections_for(proposer)["idea_bank_consents"]
    assert [(c["proposal"], c["agreed"], c["change"]) for c in consents] == [
        ("전자 명함", True, "created"),
        ("전자 명함", False, "changed"),
    ]
    json.dumps(mine), json.dumps(consents)  # plain values only


def test_sections_run_a_fixed_number_of_queries(staff, django_assert_num_queries):
    for _i in range(3):
        idea = banked_idea()
        services.idea_support(proposal=idea, by=staff)
        services.idea_follow(proposal=idea, by=staff)
        services.idea_comment_add(proposal=idea, by=staff, text="댓글")
    with django_assert_num_queries(4):
        sections_for(staff)


def test_anonymising_a_call_forgets_the_people_behind_its_ideas(staff, innovation_unit):
    now = timezone.now()
    old = CallFactory(opens_at=now - timedelta(days=2200), closes_at=now - timedelta(days=2190))
    idea = banked_idea(call=old)
    kept = banked_idea()
    for proposal in (idea, kept):
        services.idea_support(proposal=proposal, by=staff)
        services.idea_follow(proposal=proposal, by=staff)
        comment = services.idea_comment_add(proposal=proposal, by=staff, text="기록으로 남을 댓글")
    services.idea_comment_hide(comment=comment, by=innovation_unit, reason="중복")

    call_command("anonymise_closed_calls", "--older-than-days", "1825")

    assert not IdeaSupport.objects.filter(proposal=idea).exists()
    assert not IdeaFollow.objects.filter(proposal=idea).exists()
    assert not IdeaBankConsent.objects.filter(proposal=idea).exists()
    assert not IdeaBankConsent.history.filter(proposal_id=idea.pk).exists()
    old_comment = IdeaComment.objects.get(proposal=idea)
    assert old_comment.author is None and old_comment.text == "기록으로 남을 댓글"
    assert set(
        IdeaComment.history.filter(proposal_id=idea.pk).values_list("author_id", "history_user_id")
    ) == {(None, None)}
    assert not banked_proposals().filter(pk=idea.pk).exists(), "no author is left to consent"
    # Another call's idea is untouched.
    assert banked_proposals().filter(pk=kept.pk).exists()
    assert IdeaSupport.objects.filter(proposal=kept).count() == 1
    assert IdeaComment.objects.get(proposal=kept).author == staff
