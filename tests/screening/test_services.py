from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from proposals.enums import CallPhase, ProposalStatus
from screening import permissions, selectors, services
from screening.models import Review, Score
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def test_configure_creates_the_default_rubric(call, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    names = [c.name for c in screening.criteria.all()]
    assert len(names) == 4
    assert sum(c.weight for c in screening.criteria.all()) == 100
    assert screening.selection_count == 1 and screening.is_blind
    assert screening.history.first().history_user == innovation_unit


def test_only_the_innovation_unit_configures(call, staff):
    with pytest.raises(PermissionDenied):
        services.screening_configure(call=call, by=staff, deadline=timezone.now())


def test_open_moves_the_call_to_screening_and_tells_the_board(
    call, entry, innovation_unit, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        setup_screening(call=call, by=innovation_unit, members=[member])
    call.refresh_from_db()
    assert call.phase == CallPhase.SCREENING
    assert call.history.first().history_user == innovation_unit
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert call.title in mail.outbox[0].subject


def test_open_needs_a_board_and_entries(call, entry, innovation_unit):
    setup_screening(call=call, by=innovation_unit, open_it=False)
    with pytest.raises(ValidationError):
        services.screening_open(call=call, by=innovation_unit)
    empty_call = ClosedCallFactory()
    setup_screening(call=empty_call, by=innovation_unit, members=[UserFactory()], open_it=False)
    with pytest.raises(ValidationError):
        services.screening_open(call=empty_call, by=innovation_unit)


def test_open_refused_while_the_call_is_open(open_call, innovation_unit, member):
    EntryFactory(call=open_call)
    setup_screening(call=open_call, by=innovation_unit, members=[member], open_it=False)
    with pytest.raises(ValidationError):
        services.screening_open(call=open_call, by=innovation_unit)


def test_blind_and_scale_locked_once_open(screening, innovation_unit):
    with pytest.raises(ValidationError):
        services.screening_configure(call=screening.call, by=innovation_unit, is_blind=False)
    services.screening_configure(
        call=screening.call, by=innovation_unit, deadline=timezone.now() + timedelta(days=3)
    )


def test_rubric_editable_until_scoring_starts(screening, innovation_unit, entry, member):
    rows = [{"id": c.pk, "name": c.name, "weight": c.weight} for c in screening.criteria.all()]
    rows[0]["weight"] = 40
    rows[1]["delete"] = True
    rows.append({"id": None, "name": "예산 절감", "weight": 10})
    kept = services.rubric_update(screening=screening, by=innovation_unit, rows=rows)
    assert [c.weight for c in kept] == [40, 25, 20, 10]
    assert screening.criteria.count() == 4
    score_all(screening=screening, proposal=entry, by=member, value=3)
    with pytest.raises(ValidationError):
        services.rubric_update(screening=screening, by=innovation_unit, rows=rows)


def test_review_save_and_change(screening, entry, member):
    review = score_all(screening=screening, proposal=entry, by=member, value=3, comment="좋음")
    score_all(screening=screening, proposal=entry, by=member, value=5)
    review.refresh_from_db()
    assert {s.value for s in review.scores.all()} == {5}
    assert Review.objects.count() == 1
    assert review.history.first().history_user == member


@pytest.mark.parametrize("value", [0, 6])
def test_review_scores_must_be_on_the_scale(screening, entry, member, value):
    with pytest.raises(ValidationError):
        score_all(screening=screening, proposal=entry, by=member, value=value)
    assert not Review.objects.exists()


def test_review_needs_every_criterion(screening, entry, member):
    first = screening.criteria.first()
    with pytest.raises(ValidationError):
        services.review_save(proposal=entry, by=member, scores={first.pk: 3})


def test_non_member_cannot_score(screening, entry, staff):
    with pytest.raises(PermissionDenied):
        score_all(screening=screening, proposal=entry, by=staff, value=3)


@pytest.mark.parametrize("declined", [False, True])
def test_conflicted_member_cannot_score_nor_see(screening, entry, member, declined):
    CoProposerFactory(proposal=entry, user=member, status="declined" if declined else "accepted")
    with pytest.raises(PermissionDenied):
        score_all(screening=screening, proposal=entry, by=member, value=3)
    assert entry not in permissions.entries_for_board_member(member, screening.call)


def test_proposer_on_the_board_never_gets_their_own_entry(call, entry, other_entry, innovation_unit):
    setup_screening(call=call, by=innovation_unit, members=[entry.proposer])
    visible = list(permissions.entries_for_board_member(entry.proposer, call))
    assert visible == [other_entry]


def test_abstain_removes_scores_and_needs_reason(screening, entry, member):
    score_all(screening=screening, proposal=entry, by=member, value=3)
    with pytest.raises(ValidationError):
        services.review_abstain(proposal=entry, by=member, reason="  ")
    review = services.review_abstain(proposal=entry, by=member, reason="같은 부서 동료의 제안")
    assert review.abstained and not Score.objects.exists()
    review = score_all(screening=screening, proposal=entry, by=member, value=4)
    assert not review.abstained and review.abstain_reason == ""


def test_board_member_with_reviews_cannot_be_removed(screening, entry, member, member2, innovation_unit):
    score_all(screening=screening, proposal=entry, by=member, value=3)
    with pytest.raises(ValidationError):
        services.board_member_remove(call=screening.call, user=member, by=innovation_unit)
    services.board_member_remove(call=screening.call, user=member2, by=innovation_unit)
    assert list(selectors.board_members(screening.call)) == [member]


def test_member_added_after_opening_is_told(screening, innovation_unit, django_capture_on_commit_callbacks):
    late = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.board_member_add(call=screening.call, user=late, by=innovation_unit)
    assert [m.to for m in mail.outbox] == [[late.email]]


def test_outside_evaluator_is_a_local_account_without_department(innovation_unit):
    user = services.outside_evaluator_create(
        by=innovation_unit, full_name="외부위원", email="ext@univ.ac.kr", affiliation="경상국립대학교"
    )
    assert user.department is None and user.source == "local"
    assert not user.has_usable_password()
    assert user.outside_evaluator.affiliation == "경상국립대학교"
    with pytest.raises(ValidationError):
        services.outside_evaluator_create(
            by=innovation_unit, full_name="중복", email="EXT@univ.ac.kr", affiliation="x"
        )


def _decide(screening, by, selected, **kwargs):
    kwargs.setdefault("rationale", "잠재력이 크고 도전적인 과제")
    return services.screening_decide(call=screening.call, by=by, selected=selected, **kwargs)


def test_decision_selects_and_tells_everyone(
    screening, entry, other_entry, member, innovation_unit, django_capture_on_commit_callbacks
):
    score_all(screening=screening, proposal=entry, by=member, value=5, comment="위원 의견 비공개")
    score_all(screening=screening, proposal=other_entry, by=member, value=2)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(screening, innovation_unit, [entry])
    entry.refresh_from_db()
    other_entry.refresh_from_db()
    screening.refresh_from_db()
    screening.call.refresh_from_db()
    assert entry.status == ProposalStatus.SELECTED
    assert other_entry.status == ProposalStatus.NOT_SELECTED
    assert screening.call.phase == CallPhase.DECIDED
    assert screening.decided_by == innovation_unit
    coproposer = entry.coproposers.get().user
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {
        (entry.proposer.email,),
        (coproposer.email,),
        (other_entry.proposer.email,),
    }
    selected_mail = by_recipient[(entry.proposer.email,)]
    assert "잠재력이 크고 도전적인 과제" in selected_mail.body
    assert entry.reference in selected_mail.subject
    rejected_mail = by_recipient[(other_entry.proposer.email,)]
    assert other_entry.owning_department.name in rejected_mail.body
    assert "잠재력이 크고" not in rejected_mail.body
    # Board members' names and comments never reach proposers.
    assert all(member.full_name not in m.body and "위원 의견 비공개" not in m.body for m in mail.outbox)
    assert Notification.objects.filter(kind="screening_outcome_selected").count() == 2
    assert entry.history.first().history_user == innovation_unit


def test_decision_cannot_be_made_twice(screening, entry, other_entry, innovation_unit):
    _decide(screening, innovation_unit, [entry])
    with pytest.raises(ValidationError):
        _decide(screening, innovation_unit, [other_entry])
    other_entry.refresh_from_db()
    assert other_entry.status == ProposalStatus.NOT_SELECTED


def test_decision_cannot_select_more_than_n(screening, entry, other_entry, innovation_unit):
    with pytest.raises(ValidationError):
        _decide(screening, innovation_unit, [entry, other_entry])
    entry.refresh_from_db()
    assert entry.status == ProposalStatus.SUBMITTED


def test_departing_from_the_ranking_needs_a_reason(screening, entry, other_entry, member, innovation_unit):
    score_all(screening=screening, proposal=entry, by=member, value=5)
    score_all(screening=screening, proposal=other_entry, by=member, value=2)
    with pytest.raises(ValidationError):
        _decide(screening, innovation_unit, [other_entry])
    _decide(screening, innovation_unit, [other_entry], deviation_reason="예산 여건")
    screening.refresh_from_db()
    assert screening.deviation_reason == "예산 여건"


def test_decision_needs_rationale_and_the_right_actor(screening, entry, member, innovation_unit):
    with pytest.raises(ValidationError):
        _decide(screening, innovation_unit, [entry], rationale=" ")
    with pytest.raises(PermissionDenied):
        _decide(screening, member, [entry])


def test_scores_frozen_after_decision(screening, entry, other_entry, member, innovation_unit):
    _decide(screening, innovation_unit, [entry])
    with pytest.raises((ValidationError, PermissionDenied)):
        score_all(screening=screening, proposal=entry, by=member, value=3)
    assert not Review.objects.exists()


def test_withdrawn_and_drafts_are_not_entries(call, entry, innovation_unit):
    draft = EntryFactory(call=call, status=ProposalStatus.DRAFT, reference="")
    withdrawn = EntryFactory(call=call, status=ProposalStatus.WITHDRAWN)
    assert set(permissions.entries(call)) == {entry}
    assert draft.status == "draft" and withdrawn.status == "withdrawn"
