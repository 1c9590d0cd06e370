"""The anonymous endpoints: calls and the public outcomes of decided calls.

A call answers what its public page shows (title, year, dates, phase, description, guidance,
published notices), not its contact line, which may name a person. An outcome answers exactly
what the outcomes page publishes (``insight.selectors.outcomes``) minus every person: no
proposer, co-proposer or lab member, no score."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from insight.selectors import OUTCOME_ROUTINGS, outcomes
from labs.enums import Outcome
from proposals.enums import CallPhase
from proposals.models import Call
from routing.enums import ReviewVerdict, RoutingStatus
from routing.permissions import banked_proposals

from .common import CALL_FIELDS, ERRORS, call_row
from .pagination import ApiCursorPagination
from .schemas import CallDetailOut, CallOut, ErrorOut, OutcomeOut

router = Router(tags=["public"])


@router.get(
    "/calls",
    response={200: list[CallOut], **ERRORS},
    url_name="calls",
    summary="Calls",
    description="Every call, newest first.",
)
@paginate(
    ApiCursorPagination,
    ordering=("-opens_at", "-pk"),
    shape=lambda calls: [call_row(c) for c in calls],
)
def call_list(request):
    return Call.objects.only(*CALL_FIELDS)


@router.get(
    "/calls/{call_id}",
    response={200: CallDetailOut, 404: ErrorOut, **ERRORS},
    url_name="call",
    summary="A call",
    description="One call with its description, guidance and published notices.",
)
def call_detail(request, call_id: int):
    call = get_object_or_404(Call.objects.only(*CALL_FIELDS, "description", "guidance"), pk=call_id)
    notices = call.notices.only("kind", "question", "body", "created_at").order_by(
        "-created_at", "-id"
    )
    return {
        **call_row(call),
        "description": call.description,
        "guidance": call.guidance,
        "notices": [
            {"kind": n.kind, "question": n.question, "body": n.body, "posted_at": n.created_at}
            for n in notices
        ],
    }


def _counts(pairs, enum) -> list[dict]:
    """The selector's (label, count) pairs with each label's stable code."""
    codes = {str(member.label): member.value for member in enum}
    return [{"code": codes.get(label, ""), "label": label, "count": n} for label, n in pairs]


def _lab(proposal) -> dict | None:
    lab = getattr(proposal, "lab", None)  # RelatedObjectDoesNotExist is an AttributeError
    if lab is None:
        return None
    report = lab.adopted_reports[0] if lab.adopted_reports else None
    return {
        "name": lab.name,
        "status": lab.status,
        "status_label": lab.get_status_display(),
        "start_date": lab.start_date,
        "end_date": lab.end_date,
        "outcome": report.outcome if report else None,
        "outcome_label": str(Outcome(report.outcome).label) if report else None,
    }


def outcome_rows(calls) -> list[dict]:
    """The outcomes of these (decided) calls, without any person. Nine queries a page. A
    department's answer is listed only for an idea in the idea bank (every author agreed to
    show it to all staff), as the bank shows it: no reference number; the rest are counted."""
    ids = [call.pk for call in calls]
    full = {call.pk: call for call in Call.objects.filter(pk__in=ids).only(*CALL_FIELDS)}
    items = outcomes(call_ids=ids, per_call=OUTCOME_ROUTINGS) if ids else []
    routed = {r.proposal_id for item in items for r in item.routings}
    banked = set(banked_proposals().filter(pk__in=routed).values_list("pk", flat=True)) if routed else set()
    return [
        {
            "call": call_row(full[item.call.pk]),
            "submissions": item.submissions,
            "selected": [
                {"reference": p.reference, "title": p.title, "lab": _lab(p)} for p in item.selected
            ],
            "practical_effect_review": _counts(item.verdicts, ReviewVerdict),
            "review_pending": item.unreviewed,
            "department_answers": _counts(item.answers, RoutingStatus),
            "answers": [
                {
                    "title": r.proposal.title,
                    "department": r.department.name,
                    "answer": r.status,
                    "answer_label": r.get_status_display(),
                }
                for r in item.routings
                if r.proposal_id in banked
            ],
            "more_answers": item.more_after is not None,
        }
        for item in items
    ]


def decided_calls():
    return Call.objects.filter(stored_phase=CallPhase.DECIDED, opens_at__lte=timezone.now()).only(
        "id", "opens_at"
    )


@router.get(
    "/outcomes",
    response={200: list[OutcomeOut], **ERRORS},
    url_name="outcomes",
    summary="Outcomes",
    description="The public outcomes of decided calls, newest first.",
)
@paginate(ApiCursorPagination, ordering=("-opens_at", "-pk"), shape=outcome_rows)
def outcome_list(request):
    return decided_calls()


@router.get(
    "/outcomes/{call_id}",
    response={200: OutcomeOut, 404: ErrorOut, **ERRORS},
    url_name="outcome",
    summary="A call's outcome",
    description="The public outcome of one decided call.",
)
def outcome_detail(request, call_id: int):
    call = get_object_or_404(decided_calls(), pk=call_id)
    return outcome_rows([call])[0]
