"""Anonymising a closed call (privacy.anonymise) and extra answers (추가 항목): a draft's or a
withdrawn proposal's answers go with its texts; a submitted proposal keeps its answers, and no
history row of an answer keeps who wrote it."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from proposals.enums import ProposalStatus
from proposals.models import ExtraAnswer
from proposals.services import extra_answers_save
from tests.factories import CallFactory, ProposalFactory, SubmittedProposalFactory, UserFactory
from tests.factories.extras import ExtraQuestionFactory


def test_anonymising_removes_unsent_answers_and_who_wrote_any(db):
    now = timezone.now()
    call = CallFactory(
        code="2019-G", opens_at=now - timedelta(days=2200), closes_at=now - timedelta(days=2190)
    )
    question = ExtraQuestionFactory(call=call)
    proposer = UserFactory(full_name="홍길동")
    submitted = SubmittedProposalFactory(
        call=call, proposer=proposer, status=ProposalStatus.NOT_SELECTED
    )
    draft = ProposalFactory(call=call, proposer=proposer)
    other_question = ExtraQuestionFactory(call=CallFactory())  # an open call, not anonymised
    other = SubmittedProposalFactory(call=other_question.call, proposer=proposer)
    for proposal, answered in ((submitted, question), (draft, question), (other, other_question)):
        extra_answers_save(proposal=proposal, by=proposer, answers={answered.pk: "홍길동의 경험"})
    assert set(ExtraAnswer.history.values_list("history_user_id", flat=True)) == {proposer.pk}

    call_command("anonymise_closed_calls", "--older-than-days", "1825")

    assert list(
        ExtraAnswer.objects.filter(proposal__call=call).values_list("proposal_id", "value")
    ) == [(submitted.pk, "홍길동의 경험")]
    assert not ExtraAnswer.history.filter(proposal_id=draft.pk).exists()
    assert set(
        ExtraAnswer.history.filter(proposal_id=submitted.pk).values_list(
            "history_user_id", flat=True
        )
    ) == {None}
    # Another call's answers keep their author.
    assert ExtraAnswer.history.get(proposal_id=other.pk).history_user == proposer
