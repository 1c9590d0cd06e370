"""What waits on a person, as one list for ``/api/v1/me/tasks``: the same work their home page
shows, read through the home selectors of each app (and their permission helpers), so the API
and the home never disagree. Each task names the page where the work is done.

No task names another person. A board member's entries to score carry the reference and title
the board sees during blind review, never a proposer. A fixed number of queries whatever the
data: each source is one or two queries (``tests/api/test_queries.py``)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_innovation_unit
from core.links import portal_url
from core.panels import call_work
from labs.selectors import member_home, my_lab_invitations, releases_to_acknowledge
from proposals.models import Proposal
from proposals.selectors import staff_home, unit_home_calls
from routing.enums import RoutingStatus
from routing.models import Routing
from routing.permissions import liaison_department_ids
from routing.selectors import routing_table, unit_answer_work
from screening import permissions as board_permissions
from screening.models import Review
from screening.selectors import board_home

KINDS = {
    "draft": _("Draft to submit"),
    "coproposal_invitation": _("Invitation to co-propose"),
    "lab_invitation": _("Invitation to join a lab"),
    "screening": _("Screening to finish"),
    "entry_to_score": _("Entry to score"),
    "answer_due": _("Department answer due"),
    "releases_to_acknowledge": _("Releases from routine duties to acknowledge"),
    "lab": _("Lab duties"),
    "signoff": _("Decision to sign"),
    "unit_call_work": _("Work on a call"),
    "unit_answers": _("Department answers to follow up"),
}
NO_DATE = "9999-12-31"


@dataclass
class Task:
    kind: str
    title: str
    url: str
    ident: int = 0
    reference: str | None = None
    call_id: int | None = None
    department: str | None = None
    due: date | None = None
    count: int | None = None

    @property
    def key(self) -> str:
        """Earliest deadline first, then by kind and row: unique and stable between pages."""
        due = self.due.isoformat() if self.due else NO_DATE
        return f"{due}|{self.kind}|{self.ident:012d}"


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def staff_tasks(user) -> list[Task]:
    """Drafts to submit and invitations to co-propose in open calls (the home's lists), and
    invitations to join a lab. Five queries."""
    home = staff_home(user)
    tasks = [
        Task(
            "draft",
            d.title,
            portal_url(reverse("proposals:proposal-update", kwargs={"pk": d.pk})),
            d.pk,
            call_id=d.call_id,
            due=_local(d.call.closes_at),
        )
        for d in home.drafts
    ]
    tasks += [
        Task(
            "coproposal_invitation",
            i.proposal.title,
            portal_url(reverse("proposals:proposal-detail", kwargs={"pk": i.proposal_id})),
            i.pk,
            reference=i.proposal.reference or None,
            call_id=i.proposal.call_id,
            due=_local(i.proposal.call.closes_at),
        )
        for i in home.invitations
    ]
    tasks += [
        Task("lab_invitation", m.lab.name, portal_url(m.lab.get_absolute_url()), m.pk)
        for m in my_lab_invitations(user)
    ]
    return tasks


def board_tasks(user) -> list[Task]:
    """Each screening in progress whose board the person sits on (what is left), and each entry
    they have yet to score or abstain on: reference and title only. Two queries."""
    calls = board_home(user)
    if not calls:
        return []
    tasks = [
        Task(
            "screening",
            c.title,
            portal_url(reverse("screening:workspace", kwargs={"call_pk": c.pk})),
            c.pk,
            call_id=c.pk,
            due=c.screening.deadline and _local(c.screening.deadline),
            count=c.left_count,
        )
        for c in calls
    ]
    deadlines = {c.pk: c.screening.deadline for c in calls}
    done = Review.objects.filter(proposal=OuterRef("pk"), reviewer=user)
    entries = (
        Proposal.objects.filter(
            board_permissions.reviewable_q(user),
            call__in=list(deadlines),
            status__in=board_permissions.ENTRY_STATUSES,
        )
        .exclude(Exists(done))
        .only("id", "reference", "title", "call_id")
        .order_by("call_id", "reference", "pk")
    )
    tasks += [
        Task(
            "entry_to_score",
            e.title,
            portal_url(reverse("screening:entry", kwargs={"call_pk": e.call_id, "pk": e.pk})),
            e.pk,
            reference=e.reference,
            call_id=e.call_id,
            due=_local(deadlines[e.call_id]),
        )
        for e in entries
    ]
    return tasks


def liaison_tasks(user) -> list[Task]:
    """Every routed proposal awaiting an answer from the person's departments (the inbox's
    list, ``routing_table``), and the releases from routine duties they acknowledge (a liaison
    for their departments' members, the unit for everyone). Four queries at most."""
    departments = liaison_department_ids(user)
    tasks = []
    if departments:
        awaiting = routing_table(
            Routing.objects.filter(department_id__in=departments, status=RoutingStatus.AWAITING)
        )
        tasks += [
            Task(
                "answer_due",
                r.proposal.title,
                portal_url(reverse("routing:routing-detail", kwargs={"pk": r.pk})),
                r.pk,
                reference=r.proposal.reference,
                department=r.department.name,
                due=r.due_on,
            )
            for r in awaiting
        ]
    releases = releases_to_acknowledge(user)
    if releases:
        tasks.append(
            Task(
                "releases_to_acknowledge",
                str(KINDS["releases_to_acknowledge"]),
                portal_url(reverse("labs:release-list")),
                count=releases,
            )
        )
    return tasks


def member_tasks(user) -> list[Task]:
    """Each lab the person is an active member of (its next milestone as the deadline, the
    sign-offs waiting), and the decisions waiting for their sign-off. Two queries."""
    labs, decisions = member_home(user)
    tasks = [
        Task(
            "lab",
            lab.name,
            portal_url(lab.get_absolute_url()),
            lab.pk,
            due=lab.next_milestone_date,
            count=lab.pending_signoffs,
        )
        for lab in labs
    ]
    tasks += [
        Task(
            "signoff",
            f"{d.lab.name} · {d.get_kind_display()}",
            portal_url(d.get_absolute_url()),
            d.pk,
            due=_local(d.proposed_at),
        )
        for d in decisions
    ]
    return tasks


def unit_tasks(user) -> list[Task]:
    """For the innovation unit: what its home lists under each of its latest calls (the apps'
    ``core.panels.call_work``), and the departments' answers overdue or asking to be re-routed.
    A fixed number of queries (those of the unit's home)."""
    if not is_innovation_unit(user):
        return []
    calls = unit_home_calls()
    work = call_work(calls)
    tasks = [
        Task(
            "unit_call_work",
            f"{call.title} · {item.label}",
            portal_url(item.url),
            call.pk * 1000 + i,
            call_id=call.pk,
        )
        for call in calls
        for i, item in enumerate(work.get(call.pk, []))
    ]
    answers = unit_answer_work()
    tasks += [
        Task("unit_answers", str(label), portal_url(reverse("routing:tracking")), i, count=answers[key])
        for i, (key, label) in enumerate(
            (
                ("overdue", _("Answers overdue")),
                ("reroute", _("Re-route requests")),
                ("flagged", _("Routings to closed departments")),
            )
        )
        if answers[key]
    ]
    return tasks


def tasks_of(user) -> list[Task]:
    return [
        *staff_tasks(user),
        *board_tasks(user),
        *liaison_tasks(user),
        *member_tasks(user),
        *unit_tasks(user),
    ]


def task_rows(tasks: list[Task]) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "kind": t.kind,
            "kind_label": str(KINDS[t.kind]),
            "title": t.title,
            "reference": t.reference,
            "call_id": t.call_id,
            "department": t.department,
            "due": t.due,
            "overdue": bool(t.due and t.due < today),
            "count": t.count,
            "url": t.url,
        }
        for t in tasks
    ]
