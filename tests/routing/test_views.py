import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from routing import services
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import AnswerTemplate, Review, Routing
from routing.panels import routing_panel
from tests.factories import CoProposerFactory, DepartmentFactory, UserFactory
from tests.factories.routing import (
    AnswerTemplateFactory,
    NotSelectedProposalFactory,
    RoutingFactory,
    liaison_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def routing(db):
    return RoutingFactory()


@pytest.fixture
def liaison(routing):
    return liaison_user(routing.department, full_name="최연락")


@pytest.fixture
def other_liaison(db):
    """A liaison of another department, which has something of its own routed to it."""
    other = RoutingFactory()
    return liaison_user(other.department, full_name="정타과")


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- who may do what (status codes are the permission matrix's; these check what is shown
# and what is written) -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["liaison", "proposer", "iu"])
def test_routing_page_shows_the_answer_form_to_its_departments_liaison_only(
    client, routing, liaison, innovation_unit, who
):
    user = {"liaison": liaison, "proposer": routing.proposal.proposer, "iu": innovation_unit}[who]
    response = login(client, user).get(routing.get_absolute_url())
    assert response.status_code == 200
    assert routing.proposal.title in response.content.decode()
    assert (b'name="status"' in response.content) == (who == "liaison")


ANSWER = {"status": RoutingStatus.DECLINED, "text": "예산 확보 곤란"}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("staff", 404), ("other_liaison", 404), ("proposer", 403), ("iu", 403), ("liaison", 302)],
)
def test_only_the_departments_liaison_answers(
    client, routing, liaison, other_liaison, staff, innovation_unit, who, expected
):
    user = {
        "anonymous": None, "staff": staff, "other_liaison": other_liaison, "liaison": liaison,
        "proposer": routing.proposal.proposer, "iu": innovation_unit,
    }[who]
    response = login(client, user).post(reverse("routing:routing-answer", args=[routing.pk]), ANSWER)
    assert response.status_code == expected
    routing.refresh_from_db()
    if who == "liaison":
        assert response["Location"] == routing.get_absolute_url()
        assert routing.status == RoutingStatus.DECLINED
    else:
        assert routing.status == RoutingStatus.AWAITING
        assert routing.events.count() == 1


def test_declining_without_a_reason_shows_the_error_and_writes_nothing(client, routing, liaison):
    response = login(client, liaison).post(
        reverse("routing:routing-answer", args=[routing.pk]), {"status": RoutingStatus.DECLINED, "text": ""}
    )
    assert response.status_code == 400
    assert response.context["answer_form"].errors
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.AWAITING
    assert routing.events.count() == 1


@pytest.mark.parametrize(
    ("who", "expected", "expected_on_routing"),
    [("anonymous", 302, 302), ("staff", 403, 404), ("proposer", 403, 403), ("liaison", 403, 403)],
)
def test_unit_only_posts_are_refused_and_write_nothing(
    client, routing, liaison, staff, who, expected, expected_on_routing
):
    user = {"anonymous": None, "staff": staff, "liaison": liaison, "proposer": routing.proposal.proposer}[who]
    login(client, user)
    target = DepartmentFactory()
    proposal = NotSelectedProposalFactory()
    posts = [
        (reverse("routing:routing-move", args=[routing.pk]), {"to_department": target.pk}),
        (reverse("routing:proposal-review", args=[proposal.pk]), {"verdict": "not_feasible", "reason": "x"}),
        (reverse("routing:template-create"), {"title": "t", "verdict": "route", "body": "b", "is_active": "on"}),
        (reverse("routing:liaison-list"), {"department": target.pk, "employee_number": user.username if user else "x"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == (expected_on_routing if "/routings/" in url else expected), url
    routing.refresh_from_db()
    assert routing.department != target
    assert not Review.objects.filter(proposal=proposal).exists()
    assert not AnswerTemplate.objects.exists()
    assert not target.departmentuserobjectpermission_set.exists()


# --- inbox --------------------------------------------------------------------------------


def test_inbox_lists_only_the_liaisons_departments(client, routing, liaison, other_liaison):
    response = login(client, other_liaison).get(reverse("routing:inbox"))
    content = response.content.decode()
    assert response.status_code == 200
    assert routing.proposal.title not in content
    assert len(response.context["routings"]) == 1

    response = login(client, liaison).get(reverse("routing:inbox"))
    assert [r.pk for r in response.context["routings"]] == [routing.pk]


def test_liaison_with_nothing_routed_sees_an_empty_inbox(client):
    lonely = liaison_user(DepartmentFactory())
    response = login(client, lonely).get(reverse("routing:inbox"))
    assert response.status_code == 200
    assert list(response.context["routings"]) == []
    assert "portal-empty" in response.content.decode()


def test_inbox_overdue_filter(client):
    department = DepartmentFactory()
    late = RoutingFactory(department=department, due_on=timezone.localdate() - timedelta(days=1))
    RoutingFactory(department=department)
    response = login(client, liaison_user(department)).get(reverse("routing:inbox"), {"status": "overdue"})
    assert [r.pk for r in response.context["routings"]] == [late.pk]


def _routed_to(department, count):
    for _ in range(count):
        RoutingFactory(department=department)


def test_inbox_query_count_is_flat(client, django_assert_max_num_queries):
    department = DepartmentFactory()
    user = liaison_user(department)
    login(client, user)
    _routed_to(department, 1)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("routing:inbox"))
    _routed_to(department, 29)
    with django_assert_max_num_queries(50) as many:
        response = client.get(reverse("routing:inbox"))
    assert len(response.context["routings"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


# --- tracking -----------------------------------------------------------------------------


def _answered_mix(department):
    liaison = liaison_user(department)
    adopted, declined, implemented, _late, _waiting = (
        RoutingFactory(department=department),
        RoutingFactory(department=department),
        RoutingFactory(department=department),
        RoutingFactory(department=department, due_on=timezone.localdate() - timedelta(days=2)),
        RoutingFactory(department=department),
    )
    target = timezone.localdate() + timedelta(days=30)
    services.routing_answer(routing=adopted, by=liaison, status=RoutingStatus.ADOPTED, text="계획", target_date=target)
    services.routing_answer(routing=declined, by=liaison, status=RoutingStatus.DECLINED, text="사유")
    services.routing_answer(routing=implemented, by=liaison, status=RoutingStatus.ADOPTED, text="계획", target_date=target)
    services.routing_progress_update(routing=implemented, by=liaison, text="완료", implemented=True)


def test_tracking_counts_per_call_and_department(iu_client):
    department = DepartmentFactory(name="관광진흥과")
    _answered_mix(department)
    response = iu_client.get(reverse("routing:tracking"))
    (row,) = response.context["by_department"]
    assert (row.name, row.routed, row.answered, row.overdue, row.adopted, row.implemented) == (
        "관광진흥과", 5, 3, 1, 2, 1
    )
    assert sum(c.routed for c in response.context["by_call"]) == 5
    assert len(response.context["routings"]) == 1  # the overdue list


def test_tracking_department_counts_narrow_to_one_call(iu_client):
    department = DepartmentFactory()
    first, _second = RoutingFactory(department=department), RoutingFactory(department=department)
    response = iu_client.get(reverse("routing:tracking"), {"call": first.proposal.call_id, "show": "all"})
    (row,) = response.context["by_department"]
    assert row.routed == 1
    assert [r.pk for r in response.context["routings"]] == [first.pk]


def test_tracking_query_count_is_flat(iu_client, django_assert_max_num_queries):
    def build(count):
        for _ in range(count):
            RoutingFactory(due_on=timezone.localdate() - timedelta(days=1))

    build(1)
    with django_assert_max_num_queries(60) as few:
        iu_client.get(reverse("routing:tracking"))
    build(29)
    with django_assert_max_num_queries(60) as many:
        response = iu_client.get(reverse("routing:tracking"))
    assert len(response.context["by_department"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_flagged_filter_lists_routings_of_closed_departments(iu_client):
    department = DepartmentFactory()
    flagged = RoutingFactory(department=department)
    RoutingFactory()
    services.department_closed_flag_routings(department=department, by=None)
    response = iu_client.get(reverse("routing:tracking"), {"show": "flagged"})
    assert [r.pk for r in response.context["routings"]] == [flagged.pk]


def test_csv_export_is_utf8_with_bom(iu_client):
    routing = RoutingFactory(due_on=timezone.localdate() - timedelta(days=1))
    response = iu_client.get(reverse("routing:tracking-export-csv"))
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1] == routing.proposal.reference
    assert rows[1][2] == routing.proposal.title


def test_xlsx_export_has_a_row_per_routing(iu_client):
    routings = [RoutingFactory() for _ in range(3)]
    response = iu_client.get(reverse("routing:tracking-export-xlsx"), {"show": "all"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert {sheet.cell(row=i, column=3).value for i in range(2, 5)} == {r.proposal.title for r in routings}


def test_export_neutralises_spreadsheet_formulas(iu_client):
    routing = RoutingFactory()
    routing.proposal.title = "=HYPERLINK(\"http://evil\")"
    routing.proposal.save()
    response = iu_client.get(reverse("routing:tracking-export-csv"), {"show": "all"})
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


# --- review pages -------------------------------------------------------------------------


def test_review_page_routes_to_the_owning_department_by_default(iu_client):
    proposal = NotSelectedProposalFactory()
    url = reverse("routing:proposal-review", args=[proposal.pk])
    form = iu_client.get(url).context["form"]
    assert form.initial["departments"] == [proposal.owning_department_id]
    response = iu_client.post(
        url, {"verdict": "route", "departments": [proposal.owning_department_id], "note": "추진 가치 있음"}
    )
    assert response.status_code == 302
    routing = Routing.objects.get(proposal=proposal)
    assert (routing.department, routing.is_lead) == (proposal.owning_department, True)


def test_review_page_refuses_not_feasible_without_reason(iu_client):
    proposal = NotSelectedProposalFactory()
    response = iu_client.post(reverse("routing:proposal-review", args=[proposal.pk]), {"verdict": "not_feasible"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Review.objects.exists()


def test_review_page_prefills_from_a_template(iu_client):
    template = AnswerTemplateFactory(verdict=ReviewVerdict.NOT_FEASIBLE, body="법령상 불가")
    proposal = NotSelectedProposalFactory()
    form = iu_client.get(reverse("routing:proposal-review", args=[proposal.pk]), {"template": template.pk}).context["form"]
    assert (form.initial["verdict"], form.initial["reason"]) == (ReviewVerdict.NOT_FEASIBLE, "법령상 불가")


def test_review_queue_lists_only_unreviewed_not_selected(iu_client, innovation_unit):
    waiting = NotSelectedProposalFactory()
    call = waiting.call
    reviewed = NotSelectedProposalFactory(call=call)
    services.proposal_review(proposal=reviewed, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="x")
    response = iu_client.get(reverse("routing:review-queue", args=[call.pk]))
    assert [p.pk for p in response.context["queue"]] == [waiting.pk]
    assert [r.proposal_id for r in response.context["reviews"]] == [reviewed.pk]


def test_bulk_review_with_a_template_and_a_changed_department(iu_client, django_assert_max_num_queries):
    first = NotSelectedProposalFactory()
    call = first.call
    second, skipped = NotSelectedProposalFactory(call=call), NotSelectedProposalFactory(call=call)
    elsewhere = DepartmentFactory()
    template = AnswerTemplateFactory(body="소관 부서에서 추진 검토 바랍니다.")
    url = reverse("routing:bulk-review", args=[call.pk])
    with django_assert_max_num_queries(30):
        page = iu_client.get(url)
    assert 'name="department_' not in page.content.decode()  # one select of departments, not one per row
    response = iu_client.post(url, {"template": template.pk, f"pick_{first.pk}": "on"})
    assert response.status_code == 302
    response = iu_client.post(url, {"template": template.pk, f"pick_{second.pk}": "on", "department": elsewhere.pk})
    assert response.status_code == 302
    assert iu_client.post(url, {"template": template.pk}).context["form"].non_field_errors()
    assert [p.pk for p in iu_client.get(url).context["form"].proposals] == [skipped.pk]
    assert set(Routing.objects.values_list("proposal", "department")) == {
        (first.pk, first.owning_department_id), (second.pk, elsewhere.pk)
    }
    assert Review.objects.get(proposal=first).note == "소관 부서에서 추진 검토 바랍니다."
    assert not Review.objects.filter(proposal=skipped).exists()


def test_bulk_review_without_selection_writes_nothing(iu_client):
    proposal = NotSelectedProposalFactory()
    response = iu_client.post(reverse("routing:bulk-review", args=[proposal.call_id]), {"verdict": "route"})
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_call_answer_period_setting(iu_client, innovation_unit):
    proposal = NotSelectedProposalFactory()
    iu_client.post(reverse("routing:review-queue", args=[proposal.call_id]), {"answer_due_days": 7})
    services.proposal_review(
        proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE, departments=[proposal.owning_department]
    )
    assert Routing.objects.get().due_on == timezone.localdate() + timedelta(days=7)


# --- re-route through the pages -----------------------------------------------------------


def test_reroute_flow_through_the_pages(client, routing, liaison, innovation_unit):
    target = DepartmentFactory()
    login(client, liaison).post(
        reverse("routing:routing-answer", args=[routing.pk]),
        {"status": RoutingStatus.REROUTE_REQUESTED, "text": "타 부서 소관", "reroute_to": target.pk},
    )
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.REROUTE_REQUESTED
    page = login(client, innovation_unit).get(routing.get_absolute_url())
    assert page.context["decision_form"] is not None
    client.post(reverse("routing:routing-reroute-decide", args=[routing.pk]), {"decision": "approve"})
    routing.refresh_from_db()
    assert (routing.department, routing.status) == (target, RoutingStatus.AWAITING)
    # The old liaison can no longer open it.
    assert login(client, liaison).get(routing.get_absolute_url()).status_code == 404


# --- liaisons and templates ---------------------------------------------------------------


def test_liaison_management(iu_client):
    department = DepartmentFactory(name="문화예술과")
    person = UserFactory(username="20190001")
    response = iu_client.post(reverse("routing:liaison-list"), {"department": department.pk, "employee_number": "20190001"})
    assert response.status_code == 302
    assert person.has_perm("accounts.act_as_liaison", department)
    grants = iu_client.get(reverse("routing:liaison-list")).context["grants"]
    assert [(g.content_object, g.user) for g in grants] == [(department, person)]
    iu_client.post(reverse("routing:liaison-remove", args=[grants[0].pk]))
    assert not department.departmentuserobjectpermission_set.exists()


def test_liaison_management_unknown_employee_number(iu_client):
    department = DepartmentFactory()
    response = iu_client.post(reverse("routing:liaison-list"), {"department": department.pk, "employee_number": "nobody"})
    assert response.status_code == 200
    assert response.context["form"].errors["employee_number"]


def test_answer_template_crud(iu_client):
    iu_client.post(reverse("routing:template-create"), {"title": "기시행", "verdict": "already_done", "body": "이미 추진 중", "is_active": "on"})
    template = AnswerTemplate.objects.get()
    iu_client.post(reverse("routing:template-update", args=[template.pk]), {"title": "기시행 안내", "verdict": "already_done", "body": "이미 추진 중"})
    template.refresh_from_db()
    assert (template.title, template.is_active) == ("기시행 안내", False)
    iu_client.post(reverse("routing:template-delete", args=[template.pk]))
    assert not AnswerTemplate.objects.exists()


# --- proposer's panel ---------------------------------------------------------------------


def _panel(user, proposal):
    request = RequestFactory().get(proposal.get_absolute_url())
    request.user = user
    return routing_panel(request, proposal)


def _render_panel(user, proposal):
    """As the proposal page does: ``{% include template with panel=context %}``."""
    template_name, context = _panel(user, proposal)
    return render_to_string(template_name, {"panel": context})


def test_panel_shows_every_answer_to_proposers_and_the_unit(innovation_unit, django_assert_max_num_queries):
    routing = RoutingFactory()
    proposal = routing.proposal
    coproposer = CoProposerFactory(proposal=proposal).user
    liaison = liaison_user(routing.department)
    services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY, text="관계 부서 협의 중")
    services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text="2027년 시범사업",
        target_date=timezone.localdate() + timedelta(days=100),
    )
    for viewer in (proposal.proposer, coproposer, innovation_unit):
        viewer = type(viewer).objects.get(pk=viewer.pk)
        with django_assert_max_num_queries(6):
            html = _render_panel(viewer, proposal)
        assert routing.department.name in html
        assert "관계 부서 협의 중" in html
        assert "2027년 시범사업" in html
        assert liaison.full_name not in html


def test_panel_query_count_does_not_grow_with_answers(innovation_unit, django_assert_num_queries):
    routing = RoutingFactory()
    proposal = routing.proposal
    extra = DepartmentFactory()
    Routing.objects.create(proposal=proposal, department=extra, is_lead=False, due_on=routing.due_on)
    user = type(proposal.proposer).objects.get(pk=proposal.proposer_id)
    with django_assert_num_queries(3):  # the review, the routings, their events
        _render_panel(user, proposal)
    liaison = liaison_user(routing.department)
    for text in ("검토 1", "검토 2", "검토 3"):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY, text=text)
    user = type(proposal.proposer).objects.get(pk=proposal.proposer_id)
    with django_assert_num_queries(3):
        _render_panel(user, proposal)


def test_panel_is_hidden_before_review():
    """Panels are only called for a proposal the person may see (the permission matrix keeps
    others off the page); before the review there is nothing to show."""
    unreviewed = NotSelectedProposalFactory()
    assert _panel(unreviewed.proposer, unreviewed) is None


def test_answer_through_the_page_emails_the_proposer(client, routing, liaison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(client, liaison).post(
            reverse("routing:routing-answer", args=[routing.pk]),
            {"status": RoutingStatus.ALREADY_DONE, "text": "2024년부터 시행 중"},
        )
    (message,) = mail.outbox
    assert message.to == [routing.proposal.proposer.email]
    assert "2024년부터 시행 중" in message.body
    assert routing.proposal.get_absolute_url() in message.body


def test_routing_page_runs_the_same_queries_for_few_and_many_events(client, routing, liaison):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, liaison)
    url = reverse("routing:routing-detail", args=[routing.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        RoutingFactory(proposal=routing.proposal, is_lead=False)
    for n in range(8):
        routing.events.create(kind="progress", status=routing.status, department=routing.department, text=f"진행 {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["other_routings"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
