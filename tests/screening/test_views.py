from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from proposals.enums import CallPhase, ProposalStatus
from screening import selectors, services
from screening.models import Review, Screening
from screening.panels import screening_panel, screening_rank_applies, screening_rank_panel
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.screening import score_all, setup_screening


def _scores(screening, value):
    return {f"criterion_{c.pk}": value for c in screening.criteria.all()}


def test_innovation_unit_sets_up_and_opens(client, call, entry, innovation_unit, member, django_capture_on_commit_callbacks):
    client.force_login(innovation_unit)
    url = reverse("screening:setup", kwargs={"call_pk": call.pk})
    assert client.get(url).status_code == 200
    assert not Screening.objects.exists()
    response = client.post(
        url,
        {"deadline": "2030-06-20T18:00", "selection_count": 1, "is_blind": "on", "score_visibility": "after_own", "scale_max": 5},
    )
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.criteria.count() == 4 and screening.is_blind
    client.post(reverse("screening:board-add", kwargs={"call_pk": call.pk}), {"employee_number": member.username})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("screening:open", kwargs={"call_pk": call.pk}), follow=True)
    call.refresh_from_db()
    assert call.phase == CallPhase.SCREENING
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "2030-06-20 18:00" in mail.outbox[0].body


def test_open_refusal_is_shown(client, call, entry, innovation_unit):
    setup_screening(call=call, by=innovation_unit, open_it=False)
    client.force_login(innovation_unit)
    response = client.post(reverse("screening:open", kwargs={"call_pk": call.pk}), follow=True)
    assert "portal-notice-danger" in response.content.decode()
    call.refresh_from_db()
    assert call.stored_phase == ""


def test_criteria_formset(client, call, entry, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    criteria = list(screening.criteria.all())
    data = {"form-TOTAL_FORMS": 5, "form-INITIAL_FORMS": 4}
    for i, c in enumerate(criteria):
        data |= {f"form-{i}-id": c.pk, f"form-{i}-name": c.name, f"form-{i}-weight": 25, f"form-{i}-description": ""}
    data["form-3-DELETE"] = "on"
    data |= {"form-4-name": "확산 가능성", "form-4-weight": 25}
    client.force_login(innovation_unit)
    response = client.post(reverse("screening:criteria", kwargs={"call_pk": call.pk}), data)
    assert response.status_code == 302
    assert [c.weight for c in screening.criteria.all()] == [25, 25, 25, 25]
    assert screening.criteria.last().name == "확산 가능성"


def test_board_member_added_by_employee_number_with_the_people_picker(client, screening, innovation_unit):
    person = UserFactory(full_name="김보드", username="E9999", department=DepartmentFactory(name="인사혁신과"))
    client.force_login(innovation_unit)
    board = reverse("screening:board", kwargs={"call_pk": screening.call_id})
    page = client.get(board).content.decode()
    assert "data-people-picker" in page and "js/people-picker.js" in page
    add = reverse("screening:board-add", kwargs={"call_pk": screening.call_id})
    response = client.post(add, {"employee_number": " E9999 "})
    assert response.status_code == 302 and response["Location"] == board
    assert person in selectors.board_members(screening.call)


def test_board_add_refuses_an_unknown_or_inactive_employee_number_on_the_form(client, screening, innovation_unit):
    gone = UserFactory(full_name="한퇴직", is_active=False)
    client.force_login(innovation_unit)
    before = list(selectors.board_members(screening.call))
    add = reverse("screening:board-add", kwargs={"call_pk": screening.call_id})
    for number in ("NOSUCH", gone.username, ""):
        response = client.post(add, {"employee_number": number})
        assert response.status_code == 200
        assert response.context["member_form"].errors["employee_number"]
    assert list(selectors.board_members(screening.call)) == before


def test_outside_evaluator_added_to_board(client, screening, innovation_unit):
    client.force_login(innovation_unit)
    url = reverse("screening:outside-evaluator", kwargs={"call_pk": screening.call_id})
    response = client.post(url, {"full_name": "최외부", "email": "choi@univ.ac.kr", "affiliation": "경남대학교"})
    assert response.status_code == 302
    user = User.objects.get(full_name="최외부")
    assert user in selectors.board_members(screening.call)
    page = client.get(reverse("screening:board", kwargs={"call_pk": screening.call_id})).content.decode()
    assert "경남대학교" in page
    response = client.post(url, {"full_name": "", "email": "bad", "affiliation": ""})
    assert response.status_code == 200
    assert User.objects.filter(source="local", department=None).count() == 1


def test_member_scores_with_progress_filters_and_next(client, screening, entry, other_entry, member):
    client.force_login(member)
    workspace = reverse("screening:workspace", kwargs={"call_pk": screening.call_id})
    assert 'max="2" value="0"' in client.get(workspace).content.decode()
    first, second = sorted([entry, other_entry], key=lambda p: p.reference)
    url = reverse("screening:entry", kwargs={"call_pk": screening.call_id, "pk": first.pk})
    response = client.post(url, _scores(screening, 4) | {"comment": "좋은 제안", "save_next": "1"})
    assert response["Location"] == reverse("screening:entry", kwargs={"call_pk": screening.call_id, "pk": second.pk})
    review = Review.objects.get(reviewer=member, proposal=first)
    assert review.comment == "좋은 제안" and {s.value for s in review.scores.all()} == {4}
    assert 'max="2" value="1"' in client.get(workspace).content.decode()
    scored = client.get(workspace, {"state": "scored"}).content.decode()
    todo = client.get(workspace, {"state": "todo"}).content.decode()
    assert first.reference in scored and second.reference not in scored
    assert second.reference in todo and first.reference not in todo
    # Invalid: a missing criterion.
    response = client.post(url, {"comment": "x"})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.comment == "좋은 제안"


def test_abstain_through_the_page(client, screening, entry, member):
    client.force_login(member)
    url = reverse("screening:entry-abstain", kwargs={"call_pk": screening.call_id, "pk": entry.pk})
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not Review.objects.exists()
    assert client.post(url, {"reason": "같은 과 동료"}).status_code == 302
    assert Review.objects.get().abstained
    workspace = reverse("screening:workspace", kwargs={"call_pk": screening.call_id})
    assert entry.reference in client.get(workspace, {"state": "abstained"}).content.decode()


def test_others_scores_after_own_review(client, screening, entry, member, member2):
    score_all(screening=screening, proposal=entry, by=member2, value=2, comment="다른 위원 의견")
    client.force_login(member)
    url = reverse("screening:entry", kwargs={"call_pk": screening.call_id, "pk": entry.pk})
    assert "다른 위원 의견" not in client.get(url).content.decode()
    score_all(screening=screening, proposal=entry, by=member, value=3)
    assert "다른 위원 의견" in client.get(url).content.decode()


def test_never_shows_others_scores(client, screening, entry, member, member2, innovation_unit):
    services.screening_configure(call=screening.call, by=innovation_unit, score_visibility="never")
    score_all(screening=screening, proposal=entry, by=member2, value=2, comment="다른 위원 의견")
    score_all(screening=screening, proposal=entry, by=member, value=3)
    client.force_login(member)
    url = reverse("screening:entry", kwargs={"call_pk": screening.call_id, "pk": entry.pk})
    assert "다른 위원 의견" not in client.get(url).content.decode()


def test_decision_through_the_ranking_page(client, screening, entry, other_entry, member, innovation_unit):
    score_all(screening=screening, proposal=entry, by=member, value=5)
    score_all(screening=screening, proposal=other_entry, by=member, value=1)
    client.force_login(innovation_unit)
    url = reverse("screening:ranking", kwargs={"call_pk": screening.call_id})
    page = client.get(url).content.decode()
    assert page.index(entry.reference) < page.index(other_entry.reference)
    response = client.post(url, {"selected": [entry.pk, other_entry.pk], "rationale": "x"})
    assert response.status_code == 200
    response = client.post(url, {"selected": [other_entry.pk], "rationale": "x"})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == ProposalStatus.SUBMITTED
    response = client.post(url, {"selected": [entry.pk], "rationale": "도전적이고 잠재력이 큼"})
    assert response.status_code == 302
    entry.refresh_from_db()
    other_entry.refresh_from_db()
    assert (entry.status, other_entry.status) == (ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)
    page = client.get(url).content.decode()
    assert "도전적이고 잠재력이 큼" in page
    response = client.post(url, {"selected": [other_entry.pk], "rationale": "again"})
    other_entry.refresh_from_db()
    assert other_entry.status == ProposalStatus.NOT_SELECTED


def test_panel_shows_outcome_to_proposer_and_rank_to_innovation_unit(screening, entry, other_entry, member, innovation_unit):
    score_all(screening=screening, proposal=entry, by=member, value=5, comment="위원 코멘트")
    request = RequestFactory().get("/")
    request.user = entry.proposer
    assert screening_panel(request, entry) is None  # nothing before the decision
    services.screening_decide(call=screening.call, by=innovation_unit, selected=[entry], rationale="선정 사유")
    entry.refresh_from_db()
    template, context = screening_panel(request, entry)
    assert template == "screening/panel.html" and context["screening"].rationale == "선정 사유"
    assert "result" not in context  # no scores for proposers
    assert not screening_rank_applies(request, entry) and screening_rank_panel(request, entry) is None
    request.user = innovation_unit
    assert screening_panel(request, entry) is None  # the unit is no author
    assert screening_rank_applies(request, entry)
    _template, context = screening_rank_panel(request, entry)
    assert context["result"].rank == 1 and context["entry_count"] == 2
    request.user = member
    assert screening_panel(request, entry) is None and screening_rank_panel(request, entry) is None


def test_panel_on_the_proposal_page(client, screening, entry, other_entry, member, innovation_unit):
    score_all(screening=screening, proposal=entry, by=member, value=5, comment="위원 코멘트")
    client.force_login(innovation_unit)
    page = client.get(entry.get_absolute_url()).content.decode()
    # The rank is a deferred panel (every review moves it): the page links to it, htmx fetches it.
    panel_url = reverse("proposals:proposal-panel", kwargs={"pk": entry.pk, "slug": "rank"})
    assert panel_url in page
    panel = client.get(panel_url, headers={"HX-Request": "true"}).content.decode()
    assert reverse("screening:ranking", kwargs={"call_pk": screening.call_id}) in panel
    services.screening_decide(call=screening.call, by=innovation_unit, selected=[entry], rationale="선정 사유 공개")
    client.force_login(entry.proposer)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "선정 사유 공개" in page
    assert "위원 코멘트" not in page and member.full_name not in page


def test_adding_a_board_member_with_a_tampered_number_is_a_form_error_not_a_500(client, innovation_unit):
    from django.urls import reverse

    from tests.factories import CallFactory

    call = CallFactory()
    setup_screening(call=call, by=innovation_unit, open_it=False)
    client.force_login(innovation_unit)
    for bad in ("abc", "1\x00", "", "x" * 200):
        response = client.post(reverse("screening:board-add", kwargs={"call_pk": call.pk}), {"employee_number": bad})
        assert response.status_code == 200
        assert response.context["member_form"].errors
    assert not selectors.board_members(call).exists()


def test_the_default_rubric_is_stored_in_korean_whatever_the_creators_language(innovation_unit):
    from django.utils import timezone, translation

    from screening import services
    from tests.factories import CallFactory

    with translation.override("en"):
        screening = services.screening_configure(call=CallFactory(), by=innovation_unit, deadline=timezone.now())
    assert list(screening.criteria.values_list("name", flat=True))[0] == "혁신성"
