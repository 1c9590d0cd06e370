"""The review and routing tallies (kept by database triggers) equal a fresh count after every
path that writes proposals, reviews and routings, and the review and tracking pages read them
instead of counting every row."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.enums import ProposalStatus
from proposals.models import Proposal
from routing import services, tallies
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import Review, ReviewTally, Routing, RoutingCallTally
from tests.factories import DepartmentFactory, SubmittedProposalFactory
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tallies_from_the_rows(db):
    """On SQLite, a transactional test's flush deletes the tables one by one in any order, so
    the triggers may leave tally rows behind (PostgreSQL truncates them together): start each
    test from the rows there are."""
    tallies.rebuild()


def assert_tallies_right():
    assert tallies.kept() == tallies.fresh()


def test_reviews_routings_and_answers_through_the_services(innovation_unit):
    first = NotSelectedProposalFactory()
    call = first.call
    second, third = NotSelectedProposalFactory(call=call), NotSelectedProposalFactory(call=call)
    assert tallies.kept()["review"] == {call.pk: (3, 0)}
    department, other = DepartmentFactory(), DepartmentFactory()
    services.proposal_review(
        proposal=first,
        by=innovation_unit,
        verdict=ReviewVerdict.ROUTE,
        note="효과",
        departments=[department, other],
        lead_department=department,
    )
    assert_tallies_right()
    services.proposals_bulk_review(
        items=[services.BulkItem(proposal=second, department=department)],
        by=innovation_unit,
        verdict=ReviewVerdict.ROUTE,
        note="효과",
    )
    services.proposal_review(
        proposal=third, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="불가"
    )
    assert_tallies_right()
    assert tallies.kept()["review"] == {call.pk: (3, 3)}
    routing = Routing.objects.get(proposal=first, department=department)
    liaison = liaison_user(department)
    services.routing_answer(
        routing=routing,
        by=liaison,
        status=RoutingStatus.ADOPTED,
        text="계획",
        target_date=timezone.localdate() + timedelta(days=30),
    )
    services.routing_progress_update(routing=routing, by=liaison, text="완료", implemented=True)
    assert_tallies_right()
    moved = Routing.objects.get(proposal=second)
    services.routing_move(routing=moved, by=innovation_unit, to_department=other, note="")
    services.department_closed_flag_routings(department=other, by=None)
    assert_tallies_right()
    assert tallies.kept()["call"][(call.pk, RoutingStatus.IMPLEMENTED)] == 1


def test_bulk_writes_updates_and_deletes():
    routing = RoutingFactory()
    proposal = routing.proposal
    more = [NotSelectedProposalFactory(call=proposal.call) for _ in range(3)]
    Routing.objects.bulk_create(
        Routing(proposal=p, department=routing.department, due_on=routing.due_on) for p in more
    )
    assert_tallies_right()
    Routing.objects.filter(proposal__in=more).update(status=RoutingStatus.DECLINED)
    Proposal.objects.filter(pk=more[0].pk).update(
        status=ProposalStatus.SELECTED
    )  # a decision undone
    assert_tallies_right()
    extra = SubmittedProposalFactory.build(
        call=proposal.call,
        proposer=proposal.proposer,
        owning_department=proposal.owning_department,
        status=ProposalStatus.NOT_SELECTED,
        reference="",
    )
    Proposal.objects.bulk_create([extra])
    assert_tallies_right()
    Review.objects.filter(proposal=proposal).delete()
    assert_tallies_right()
    more[1].delete()  # its routing and review go with it
    proposal.delete()
    assert_tallies_right()


def test_rebuild_recomputes_lost_tallies():
    RoutingFactory()
    NotSelectedProposalFactory()
    expected = tallies.fresh()
    ReviewTally.objects.all().delete()
    RoutingCallTally.objects.update(n=0)
    call_command("rebuild_routing_tallies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert tallies.kept() == expected


def test_review_call_list_reads_the_tally_and_pages(iu_client, innovation_unit):
    first = NotSelectedProposalFactory()
    NotSelectedProposalFactory(call=first.call)
    services.proposal_review(
        proposal=first, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="불가"
    )
    url = reverse("routing:review-call-list")
    iu_client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = iu_client.get(url)
    (call,) = response.context["calls"]
    assert (call.not_selected_count, call.unreviewed_count) == (2, 1)
    assert not [q["sql"] for q in few.captured_queries if "proposals_proposal" in q["sql"]]
    for _ in range(50):
        NotSelectedProposalFactory()
    with CaptureQueriesContext(connection) as many:
        response = iu_client.get(url)
    assert len(response.context["calls"]) == 50 and response.context["page_obj"].has_next()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_review_queue_pages_both_lists_with_the_same_queries(iu_client, innovation_unit):
    first = NotSelectedProposalFactory()
    call = first.call
    second = NotSelectedProposalFactory(call=call)
    services.proposal_review(
        proposal=second, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="불가"
    )
    url = reverse("routing:review-queue", args=[call.pk])
    iu_client.get(url)
    with CaptureQueriesContext(connection) as few:
        iu_client.get(url)
    for _ in range(30):
        services.proposal_review(
            proposal=NotSelectedProposalFactory(call=call),
            by=innovation_unit,
            verdict=ReviewVerdict.NOT_FEASIBLE,
            reason="불가",
        )
        NotSelectedProposalFactory(call=call)
    with CaptureQueriesContext(connection) as many:
        response = iu_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["queue"]) == 25 and response.context["queue"].has_next()
    assert len(response.context["reviews"]) == 25 and response.context["reviews"].has_next()
    page_two = iu_client.get(url, {"reviewed_page": 2})
    assert len(page_two.context["reviews"]) == 6 and page_two.context["queue"].number == 1
    assert "reviewed_page=2" in response.content.decode()


def test_tracking_reads_the_tallies_and_pages_departments(iu_client):
    for _ in range(51):
        RoutingFactory(due_on=timezone.localdate() - timedelta(days=1))
    response = iu_client.get(reverse("routing:tracking"))
    assert len(response.context["by_department"]) == 50
    assert response.context["by_department"].has_next()
    assert all((row.routed, row.overdue) == (1, 1) for row in response.context["by_department"])
    assert sum(row.overdue for row in response.context["by_call"]) == 50  # the first 50 calls
    assert len(response.context["routings"]) == 25
