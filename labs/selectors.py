"""Reads for labs, shaped so each page runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from proposals.enums import ProposalStatus
from proposals.models import Proposal

from .enums import OPEN_STATUSES, DecisionKind, DecisionStatus, LabStatus, MembershipStatus
from .models import (
    Decision,
    DutyRelease,
    FinalReport,
    Lab,
    LabAttachment,
    LogComment,
    LogEntry,
    Membership,
    Milestone,
    Signoff,
)
from .permissions import releases_for

LIST_FIELDS = ("name", "status", "start_date", "end_date")


def lab_list() -> QuerySet[Lab]:
    """Every lab with its call's title and its current members' names, for the page every
    staff member sees (only the columns the table shows)."""
    members = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("user")
    return (
        Lab.objects.select_related("proposal__call")
        .only(*LIST_FIELDS, "proposal__call__title")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=members.only("lab_id", "user__full_name"),
                to_attr="active_memberships",
            )
        )
        .order_by("-start_date", "-id")
    )


def overview() -> QuerySet[Lab]:
    """Every lab for the innovation unit, with the last log date and member count annotated."""
    last_entry = LogEntry.objects.filter(lab=OuterRef("pk")).order_by("-entry_date").values("entry_date")[:1]
    return (
        Lab.objects.only(*LIST_FIELDS, "log_cadence_days")
        .annotate(
            last_log_date=Subquery(last_entry),
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
        )
        .order_by("-start_date", "-id")
    )


def is_log_overdue(lab: Lab, today: date) -> bool:
    """A running lab whose last entry (or start) is older than its cadence."""
    if lab.status not in (LabStatus.RUNNING, LabStatus.PAUSED) or today < lab.start_date:
        return False
    reference = max(lab.last_log_date or lab.start_date, lab.start_date)
    return today > reference + timedelta(days=lab.log_cadence_days)


LAB_PAGE_FIELDS = (*LIST_FIELDS, "proposal", "mission", "recruitment_closes_on", "log_cadence_days")


def lab_detail_queryset() -> QuerySet[Lab]:
    """A lab's page: its task (title, reference, call), its people with their releases, its
    milestones and adopted report, loading only the columns the page shows."""
    adopted_report = FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED).prefetch_related(
        "attachments"
    )
    releases = DutyRelease.objects.select_related("department").only(
        "membership_id", "department__name", "order_reference", "acknowledged_at",
        "starts_on", "ends_on", "notified_at", "closed_at", "created_at",
    )
    people = Membership.objects.select_related("user__department").only(
        "lab_id", "status", "ended_at", "user__full_name", "user__grade", "user__department__name"
    )
    return (
        Lab.objects.select_related("proposal__call")
        .only(*LAB_PAGE_FIELDS, "proposal__title", "proposal__reference", "proposal__call__title")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=people.prefetch_related(Prefetch("releases", queryset=releases.order_by("-created_at"))),
            ),
            "milestones",
            Prefetch("reports", queryset=adopted_report, to_attr="adopted_reports"),
        )
    )


TIMELINE_PAGE_SIZE = 20


def timeline_entries(lab: Lab) -> QuerySet[LogEntry]:
    """A lab's log entries, newest first (ties by id), with what each one shows: its files in
    ``attachment_list`` and its comments (with their authors) in ``comment_list``."""
    comments = LogComment.objects.select_related("author").only("entry_id", "body", "created_at", "author__full_name")
    files = LabAttachment.objects.only("entry_id", "original_name", "size")
    return (
        lab.entries.select_related("author")
        .only("lab_id", "entry_date", "did", "learned", "next_steps", "blockers", "author__full_name")
        .prefetch_related(
            Prefetch("attachments", queryset=files, to_attr="attachment_list"),
            Prefetch("comments", queryset=comments, to_attr="comment_list"),
        )
        .order_by("-entry_date", "-id")
    )


def timeline_page_number(entry: LogEntry) -> int:
    """The timeline page an entry appears on (same order as ``timeline_entries``)."""
    newer = LogEntry.objects.filter(lab_id=entry.lab_id).filter(
        Q(entry_date__gt=entry.entry_date) | Q(entry_date=entry.entry_date, id__gt=entry.pk)
    )
    return newer.count() // TIMELINE_PAGE_SIZE + 1


@dataclass
class TimelineItem:
    day: date
    entry: LogEntry | None = None
    milestone: Milestone | None = None


def timeline(lab: Lab, page: Page) -> list[TimelineItem]:
    """One page of entries, newest first, with the milestones that fall among them.

    A milestone sits on its target date, above the entries of that day; it appears on the
    page holding the first entry on or before that date (upcoming ones on page 1, older
    ones than every entry on the last page), so each milestone shows exactly once.
    Runs one query for the milestones, plus one for the previous page's boundary.
    """
    entries = list(page.object_list)
    upper = None
    if page.has_previous():
        # The date of the last entry of the previous page, without fetching what it shows.
        dates = page.paginator.object_list.prefetch_related(None).values_list("entry_date", flat=True)
        upper = dates[page.start_index() - 2]
    lower = entries[-1].entry_date if page.has_next() else None
    items = [TimelineItem(day=e.entry_date, entry=e) for e in entries]
    items += [
        TimelineItem(day=m.target_date, milestone=m)
        for m in lab.milestones.all()
        if (upper is None or m.target_date < upper) and (lower is None or m.target_date >= lower)
    ]
    items.sort(key=lambda item: (item.day, item.milestone is not None), reverse=True)
    return items


def _signoffs(*fields: str) -> Prefetch:
    return Prefetch(
        "signoffs", queryset=Signoff.objects.select_related("user").only("decision_id", "user__full_name", *fields)
    )


def decisions(lab: Lab) -> QuerySet[Decision]:
    """The decision list: each decision's kind, subject, proposer, status and who signed it."""
    return (
        lab.decisions.select_related("proposed_by", "subject")
        .only("lab_id", "kind", "status", "proposed_at", "proposed_by__full_name", "subject__full_name")
        .prefetch_related(_signoffs("verdict"))
    )


def decision_detail_queryset(lab: Lab) -> QuerySet[Decision]:
    return (
        lab.decisions.select_related("proposed_by", "subject", "reviewed_by", "report")
        .prefetch_related(_signoffs("verdict", "comment", "created_at"), "report__attachments")
    )


def release_rows(queryset: QuerySet[DutyRelease]) -> QuerySet[DutyRelease]:
    """The release list: what its table shows (member, lab, home department, state)."""
    return (
        queryset.select_related("membership__user__department", "membership__lab", "department")
        .only(
            "membership__user__full_name",
            "membership__user__grade",
            "membership__user__department__name",
            "membership__lab__name",
            "department__name",
            "order_reference",
            "acknowledged_at",
            "starts_on",
            "ends_on",
            "notified_at",
            "closed_at",
            "created_at",
        )
        .order_by("acknowledged_at", "-created_at")
    )


def releases(queryset: QuerySet[DutyRelease]) -> QuerySet[DutyRelease]:
    return queryset.select_related(
        "membership__user__department", "membership__lab", "department", "acknowledged_by"
    ).order_by("acknowledged_at", "-created_at")


def my_lab_invitations(user) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=user, status=MembershipStatus.INVITED, lab__status__in=OPEN_STATUSES
    ).select_related("lab")



# --- The homes (core.panels) ---------------------------------------------------------------

RECENT_DAYS = 7
HOME_DECISIONS = 5
# A lab shows on its members' and the unit's homes until it is closed.
HOME_LAB_STATUSES = (*OPEN_STATUSES, LabStatus.CLOSING)


def _count(queryset: QuerySet, group: str) -> Coalesce:
    """``COUNT(*)`` of a correlated ``queryset`` (one group: ``group``), 0 when it is empty."""
    counted = queryset.order_by().values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def last_log_date_subquery() -> Subquery:
    return Subquery(LogEntry.objects.filter(lab=OuterRef("pk")).order_by("-entry_date").values("entry_date")[:1])


def awaiting_signoff(user) -> QuerySet[Decision]:
    """Decisions open for sign-off that this member has not answered (a member being removed
    is not asked)."""
    return (
        Decision.objects.filter(status=DecisionStatus.PENDING)
        .exclude(Exists(Signoff.objects.filter(decision=OuterRef("pk"), user=user)))
        .exclude(kind=DecisionKind.REMOVE_MEMBER, subject=user)
    )


def member_home(user, *, now=None) -> tuple[list[Lab], list[Decision]]:
    """The labs the user is an active member of (until closed), each with ``next_milestone``
    and ``next_milestone_date`` (the earliest not done), ``pending_signoffs`` (decisions
    waiting for their sign-off), ``recent_entries`` and ``recent_comments`` (by the other
    people, in the last ``RECENT_DAYS`` days), ``log_overdue`` and ``days_left`` (to the planned
    end); and the first decisions waiting for their sign-off. Two queries (one for someone in no
    lab)."""
    now = now or timezone.now()
    today, since = timezone.localdate(now), now - timedelta(days=RECENT_DAYS)
    mine = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values("lab_id")
    milestone = Milestone.objects.filter(lab=OuterRef("pk"), done=False).order_by("target_date", "pk")
    labs = list(
        Lab.objects.filter(pk__in=mine, status__in=HOME_LAB_STATUSES)
        .only(*LIST_FIELDS, "log_cadence_days")
        .annotate(
            next_milestone=Subquery(milestone.values("title")[:1]),
            next_milestone_date=Subquery(milestone.values("target_date")[:1]),
            pending_signoffs=_count(awaiting_signoff(user).filter(lab=OuterRef("pk")), "lab"),
            recent_entries=_count(
                LogEntry.objects.filter(lab=OuterRef("pk"), created_at__gte=since).exclude(author=user), "lab"
            ),
            recent_comments=_count(
                LogComment.objects.filter(entry__lab=OuterRef("pk"), created_at__gte=since).exclude(author=user),
                "entry__lab",
            ),
            last_log_date=last_log_date_subquery(),
        )
        .order_by("end_date", "pk")
    )
    if not labs:  # most people: no lab, so no decision to sign either
        return [], []
    for lab in labs:
        lab.log_overdue = is_log_overdue(lab, today)
        lab.days_left = (lab.end_date - today).days
    decisions = list(
        awaiting_signoff(user)
        .filter(lab__in=Lab.objects.filter(pk__in=mine, status__in=HOME_LAB_STATUSES).values("pk"))
        .select_related("lab")
        .only("id", "kind", "status", "proposed_at", "lab__id", "lab__name")
        .order_by("proposed_at", "pk")[:HOME_DECISIONS]
    )
    return labs, decisions


def unit_labs() -> list[Lab]:
    """Every lab not yet closed, for the innovation unit's home, ending first, each with what
    waits on the unit: ``volunteers`` to invite, ``awaiting_approval`` (decisions the members
    have all signed that the unit approves), ``releases_pending`` (releases from duties not yet
    acknowledged), and ``log_overdue``. One query."""
    today = timezone.localdate()
    labs = list(
        Lab.objects.filter(status__in=HOME_LAB_STATUSES)
        .only(*LIST_FIELDS, "log_cadence_days")
        .annotate(
            volunteers=_count(
                Membership.objects.filter(lab=OuterRef("pk"), status=MembershipStatus.VOLUNTEERED), "lab"
            ),
            awaiting_approval=_count(
                Decision.objects.filter(lab=OuterRef("pk"), status=DecisionStatus.AWAITING_APPROVAL), "lab"
            ),
            releases_pending=_count(
                DutyRelease.objects.filter(
                    membership__lab=OuterRef("pk"), acknowledged_at__isnull=True, closed_at__isnull=True
                ),
                "membership__lab",
            ),
            last_log_date=last_log_date_subquery(),
        )
        .order_by("end_date", "pk")
    )
    for lab in labs:
        lab.log_overdue = is_log_overdue(lab, today)
        lab.days_left = (lab.end_date - today).days
    return labs


def releases_to_acknowledge(user) -> int:
    """How many releases from routine duties wait for this person's acknowledgement (a liaison:
    of their departments' members; the unit: all). One query."""
    return releases_for(user).filter(acknowledged_at__isnull=True, closed_at__isnull=True).count()


def labs_to_form(calls) -> dict[int, list]:
    """``{call pk: [selected proposals without a lab]}`` for these calls. One query."""
    waiting: dict[int, list] = {}
    proposals = (
        Proposal.objects.filter(call__in=[call.pk for call in calls], status=ProposalStatus.SELECTED)
        .exclude(Exists(Lab.objects.filter(proposal=OuterRef("pk"))))
        .only("id", "call_id", "title", "reference")
        .order_by("reference", "pk")
    )
    for proposal in proposals:
        waiting.setdefault(proposal.call_id, []).append(proposal)
    return waiting
