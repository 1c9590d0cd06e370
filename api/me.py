"""The endpoints of one person, with their token: their own proposals and what waits on them.

The same rules as their pages: ``proposals.selectors.my_proposals`` (what they proposed or are
named on) and the home selectors (``api.tasks``). Each answer carries personal data, so each is
recorded in the personal-data access log (``privacy.services.log_access``), like an export."""

from django.db.models import Case, CharField, Value, When
from ninja import Router
from ninja.pagination import paginate

from core.links import portal_url
from privacy.hardening import client_ip
from privacy.services import log_access
from proposals.enums import ProposalStatus
from proposals.selectors import my_proposals

from .auth import TokenAuth
from .common import ERRORS, call_row
from .pagination import ApiCursorPagination, ListCursorPagination
from .schemas import ProposalOut, TaskOut
from .tasks import task_rows, tasks_of

router = Router(tags=["me"], auth=TokenAuth())

PROPOSAL_FIELDS = (
    "id", "reference", "title", "status", "updated_at", "proposer_id", "call_id", "call__code",
    "call__title", "call__opens_at", "call__closes_at", "call__results_expected_on", "call__stored_phase",
)  # fmt: skip


def _log(request, what: str) -> None:
    log_access(user=request.auth.user, what=what, path=request.path, ip_address=client_ip(request))


def proposal_rows(proposals) -> list[dict]:
    return [
        {
            "id": p.pk,
            "reference": p.reference or "",
            "title": p.title,
            "status": p.status,
            "status_label": str(ProposalStatus(p.status).label),
            "role": p.api_role,
            "call": call_row(p.call),
            "updated_at": p.updated_at,
            "url": portal_url(p.get_absolute_url()),
        }
        for p in proposals
    ]


@router.get(
    "/me/proposals",
    response={200: list[ProposalOut], **ERRORS},
    url_name="me-proposals",
    summary="My proposals",
    description="The proposals you proposed or are named on, newest first.",
)
@paginate(ApiCursorPagination, ordering=("-pk",), shape=proposal_rows)
def me_proposals(request):
    user = request.auth.user
    _log(request, "api:me-proposals")
    role = Case(
        When(proposer_id=user.pk, then=Value("proposer")),
        default=Value("coproposer"),
        output_field=CharField(),
    )
    return my_proposals(user).only(*PROPOSAL_FIELDS).annotate(api_role=role)


@router.get(
    "/me/tasks",
    response={200: list[TaskOut], **ERRORS},
    url_name="me-tasks",
    summary="My tasks",
    description="What waits on you, earliest deadline first.",
)
@paginate(ListCursorPagination, shape=task_rows)
def me_tasks(request):
    _log(request, "api:me-tasks")
    return tasks_of(request.auth.user)
