"""The review and routing tallies (routing.models, "Summary rows"): kept by triggers,
recomputed here (``manage.py rebuild_routing_tallies``), and compared with a fresh count by
the tests."""

from django.db import connection, transaction
from django.db.models import Count, F

from proposals.enums import ProposalStatus
from proposals.models import Proposal

from .models import Review, ReviewTally, Routing, RoutingCallTally, RoutingDepartmentTally


def fresh() -> dict[str, dict]:
    """Every tally computed from the proposals, reviews and routings (reads them all)."""
    not_selected = Proposal.objects.filter(status=ProposalStatus.NOT_SELECTED)
    return {
        "review": {
            call: (n, reviewed)
            for call, n, reviewed in not_selected.values_list("call_id")
            .annotate(n=Count("id"), reviewed=Count("routing_review"))
            .order_by()
        },
        "call": _pairs(Routing.objects.values_list(F("proposal__call_id"), "status")),
        "department": _pairs(Routing.objects.values_list("department_id", "status")),
    }


def kept() -> dict[str, dict]:
    """The tallies as the summary rows hold them (zeros left out)."""
    return {
        "review": {
            call: (n, reviewed)
            for call, n, reviewed in ReviewTally.objects.values_list(
                "call_id", "not_selected", "reviewed"
            )
            if n or reviewed
        },
        "call": {
            (call, status): n
            for call, status, n in RoutingCallTally.objects.values_list("call_id", "status", "n")
            if n
        },
        "department": {
            (department, status): n
            for department, status, n in RoutingDepartmentTally.objects.values_list(
                "department_id", "status", "n"
            )
            if n
        },
    }


def _pairs(rows) -> dict:
    return {(key, status): n for key, status, n in rows.annotate(n=Count("id")).order_by()}


@transaction.atomic
def rebuild() -> dict[str, dict]:
    """Recomputes every tally, writes to proposals, reviews and routings held back meanwhile
    on PostgreSQL (a SHARE lock: reads go on). Returns the tallies written."""
    if connection.vendor == "postgresql":
        tables = ", ".join(m._meta.db_table for m in (Proposal, Review, Routing))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
    totals = fresh()
    for model in (ReviewTally, RoutingCallTally, RoutingDepartmentTally):
        model.objects.all().delete()
    ReviewTally.objects.bulk_create(
        ReviewTally(call_id=call, not_selected=n, reviewed=reviewed)
        for call, (n, reviewed) in totals["review"].items()
    )
    RoutingCallTally.objects.bulk_create(
        RoutingCallTally(call_id=call, status=status, n=n)
        for (call, status), n in totals["call"].items()
    )
    RoutingDepartmentTally.objects.bulk_create(
        RoutingDepartmentTally(department_id=department, status=status, n=n)
        for (department, status), n in totals["department"].items()
    )
    return totals
