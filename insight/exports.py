"""The rows of the insight exports. Each builder takes the reader and puts in only what the
reader may see on the pages (``insight.permissions``); ``core.exports`` writes the
CSV (UTF-8 with BOM) or XLSX."""

import io
import re
import zipfile

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_innovation_unit
from core.exports import csv_bytes, xlsx_bytes
from labs.enums import MembershipStatus
from labs.models import Lab, Membership
from proposals.enums import CoProposerStatus
from proposals.extra_answers import answer_cells, with_answer_columns
from proposals.models import Attachment, Call, CoProposer
from routing.models import Routing
from screening import exports as screening_exports
from screening import selectors as screening_selectors
from screening.models import Screening

from . import permissions, selectors

Table = tuple[list[str], list[list]]


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _dept(department) -> str:
    return department.name if department is not None else ""


def proposal_table(user, *, call: Call | None = None) -> Table:
    """Proposals the user may find. Proposers only where the user may see them; the full text
    and co-proposers only for the innovation unit."""
    full = is_innovation_unit(user)
    queryset = permissions.searchable_proposals(user)
    if call is not None:
        queryset = queryset.filter(call=call)
    queryset = selectors.with_fate(queryset.order_by("call__opens_at", "reference", "pk"))
    if full:
        queryset = queryset.prefetch_related(
            Prefetch(
                "coproposers",
                queryset=CoProposer.objects.filter(status=CoProposerStatus.ACCEPTED).select_related("user"),
                to_attr="accepted_coproposers",
            )
        )
    # A call's extra questions (추가 항목), for the unit's export of that call and its archive.
    questions = list(call.extra_questions.all()) if full and call is not None else []
    queryset = with_answer_columns(queryset, questions)
    people = permissions.people_context(user)
    headers = [
        _("call"), _("reference number"), _("title"), _("status"), _("submitted"),
        _("owning department"), _("keywords"), _("proposer"), _("proposer's department"),
    ]
    if full:
        headers += [_("co-proposers"), _("current problem"), _("proposed idea"), _("expected effect")]
        headers += [q.label for q in questions]
    headers.append(_("what became of it"))
    rows = []
    for p in queryset:
        shown = permissions.shows_people(user, p, **people)
        row = [
            p.call.code, p.reference, p.title, p.get_status_display(), _local(p.submitted_at),
            _dept(p.owning_department), p.keywords,
            p.proposer.full_name if shown else "",
            _dept(p.proposer.department) if shown else "",
        ]
        if full:
            row += [", ".join(c.user.full_name for c in p.accepted_coproposers), p.problem, p.idea, p.effect]
            row += answer_cells(p, questions)
        row.append(selectors.fate(p).label)
        rows.append(row)
    return headers, rows


def score_table(screening: Screening) -> Table:
    """Every review with identities (innovation unit only: callers check
    ``accounts.permissions.is_innovation_unit``)."""
    results = screening_selectors.ranking(screening=screening)
    criteria = screening_selectors.screening_criteria(screening)
    headers = screening_exports.score_header(criteria, identities=True, ranking=True)
    rows = [
        screening_exports.score_row(review, criteria, identities=True, result=result)
        for result in results
        for review in result.reviews
    ]
    return headers, rows


def routing_table(user, *, call: Call | None = None) -> Table:
    """Department answers: every routing is outcome-level information; the proposer appears only
    where the user may see it."""
    queryset = Routing.objects.select_related("proposal__call", "proposal__proposer", "department")
    if not is_innovation_unit(user):
        queryset = queryset.filter(proposal__in=permissions.searchable_proposals(user).values("pk"))
    if call is not None:
        queryset = queryset.filter(proposal__call=call)
    people = permissions.people_context(user)
    today = timezone.localdate()
    headers = [
        _("call"), _("reference number"), _("title"), _("department"), _("leading department"),
        _("status"), _("routed"), _("answer due"), _("first answered"), _("target date"),
        _("overdue"), _("proposer"),
    ]
    rows = []
    for r in queryset.order_by("proposal__call__opens_at", "proposal__reference", "-is_lead", "id"):
        p = r.proposal
        rows.append([
            p.call.code, p.reference, p.title, r.department.name, _("yes") if r.is_lead else "",
            r.get_status_display(), _local(r.routed_at), r.due_on, _local(r.answered_at),
            r.target_date or "", _("yes") if r.status == "awaiting" and r.due_on < today else "",
            p.proposer.full_name if permissions.shows_people(user, p, **people) else "",
        ])
    return headers, rows


def lab_table(*, call: Call | None = None) -> Table:
    """Every lab (a lab's page is open to every signed-in person)."""
    queryset = Lab.objects.select_related("proposal__call").prefetch_related(
        "milestones",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("user"),
            to_attr="active_memberships",
        ),
        selectors.adopted_reports(),
    )
    if call is not None:
        queryset = queryset.filter(proposal__call=call)
    headers = [
        _("lab"), _("call"), _("reference number"), _("task"), _("phase"), _("start date"),
        _("planned end date"), _("members"), _("milestones done"), _("outcome"),
    ]
    rows = []
    for lab in queryset.order_by("start_date", "id"):
        milestones = list(lab.milestones.all())
        rows.append([
            lab.name, lab.proposal.call.code, lab.proposal.reference, lab.proposal.title,
            lab.get_status_display(), lab.start_date, lab.end_date,
            ", ".join(m.user.full_name for m in lab.active_memberships),
            f"{sum(1 for m in milestones if m.done)}/{len(milestones)}",
            selectors.lab_outcome(lab),
        ])
    return headers, rows


_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


def _safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "file"
    return cleaned[:120]


def _attachments(call: Call) -> QuerySet[Attachment]:
    return (
        Attachment.objects.filter(proposal__call=call, proposal__status__in=permissions.SUBMITTED_STATUSES)
        .select_related("proposal")
        .order_by("proposal__reference", "id")
    )


def call_archive(user, call: Call) -> bytes:
    """One zip of a whole call for the innovation unit (callers check
    ``accounts.permissions.is_innovation_unit``): proposals, scores, routings and labs as CSV and
    XLSX, and every submitted proposal's attachments under ``attachments/<reference>/``."""
    tables: list[tuple[str, Table]] = [
        ("proposals", proposal_table(user, call=call)),
        ("routings", routing_table(user, call=call)),
        ("labs", lab_table(call=call)),
    ]
    screening = Screening.objects.filter(call=call).first()
    if screening is not None:
        tables.insert(1, ("scores", score_table(screening)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (headers, rows) in tables:
            archive.writestr(f"{call.code}/{name}.csv", csv_bytes(headers, rows))
            archive.writestr(f"{call.code}/{name}.xlsx", xlsx_bytes(headers, rows, sheet_title=name))
        used: set[str] = set()
        for attachment in _attachments(call):
            folder = _safe_name(attachment.proposal.reference or f"proposal-{attachment.proposal_id}")
            path = f"{call.code}/attachments/{folder}/{_safe_name(attachment.original_name)}"
            if path in used:
                path = f"{call.code}/attachments/{folder}/{attachment.pk}-{_safe_name(attachment.original_name)}"
            used.add(path)
            with attachment.file.open("rb") as handle:
                archive.writestr(path, handle.read())
    return buffer.getvalue()
