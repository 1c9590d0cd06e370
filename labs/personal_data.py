"""What the labs app holds about a person, for their "my data" download
(``core.personal_data``): lab memberships with their releases from routine duties, progress
log entries and comments, joint decisions proposed by or about them, sign-offs and files."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .models import Decision, LabAttachment, LogComment, LogEntry, Membership, Signoff


def memberships_of(user) -> list[dict]:
    """The person's lab memberships, each with its releases from routine duties (2 queries)."""
    rows = (
        Membership.objects.filter(user=user)
        .select_related("lab")
        .prefetch_related("releases__department")
        .order_by("created_at", "pk")
    )
    return [
        {
            "lab": m.lab.name,
            "status": str(m.get_status_display()),
            "invited_at": iso(m.created_at),
            "joined_at": iso(m.joined_at),
            "ended_at": iso(m.ended_at),
            "duty_releases": [
                {
                    "department": r.department.name if r.department_id else None,
                    "order_reference": r.order_reference or None,
                    "starts_on": iso(r.starts_on),
                    "ends_on": iso(r.ends_on),
                    "acknowledged_at": iso(r.acknowledged_at),
                }
                for r in m.releases.all()
            ],
        }
        for m in rows
    ]


def log_entries_of(user) -> list[dict]:
    """Progress log entries the person wrote (1 query)."""
    rows = LogEntry.objects.filter(author=user).select_related("lab").order_by("entry_date", "pk")
    return [
        {
            "lab": e.lab.name,
            "entry_date": iso(e.entry_date),
            "did": e.did,
            "learned": e.learned,
            "next_steps": e.next_steps,
            "blockers": e.blockers,
            "written_at": iso(e.created_at),
        }
        for e in rows
    ]


def comments_of(user) -> list[dict]:
    """Comments the person wrote on log entries (1 query)."""
    rows = (
        LogComment.objects.filter(author=user)
        .select_related("entry__lab")
        .order_by("created_at", "pk")
    )
    return [
        {
            "lab": c.entry.lab.name,
            "entry_date": iso(c.entry.entry_date),
            "comment": c.body,
            "written_at": iso(c.created_at),
        }
        for c in rows
    ]


def decisions_of(user) -> list[dict]:
    """Joint decisions the person proposed or that are about them (1 query)."""
    rows = (
        Decision.objects.filter(Q(proposed_by=user) | Q(subject=user))
        .select_related("lab")
        .order_by("proposed_at", "pk")
    )
    return [
        {
            "lab": d.lab.name,
            "kind": str(d.get_kind_display()),
            "status": str(d.get_status_display()),
            "you_proposed_it": d.proposed_by_id == user.pk,
            "it_is_about_you": d.subject_id == user.pk,
            "reason": d.summary or None,
            "proposed_at": iso(d.proposed_at),
            "settled_at": iso(d.settled_at),
        }
        for d in rows
    ]


def signoffs_of(user) -> list[dict]:
    """The person's sign-offs on joint decisions (1 query)."""
    rows = (
        Signoff.objects.filter(user=user)
        .select_related("decision__lab")
        .order_by("created_at", "pk")
    )
    return [
        {
            "lab": s.decision.lab.name,
            "decision": str(s.decision.get_kind_display()),
            "verdict": str(s.get_verdict_display()),
            "comment": s.comment or None,
            "signed_at": iso(s.created_at),
        }
        for s in rows
    ]


def files_of(user) -> list[dict]:
    """Files the person attached in a lab (1 query; the files are on the lab's pages)."""
    rows = (
        LabAttachment.objects.filter(uploaded_by=user)
        .select_related("lab")
        .order_by("uploaded_at", "pk")
    )
    return [
        {
            "lab": f.lab.name,
            "file_name": f.original_name,
            "size_bytes": f.size,
            "uploaded_at": iso(f.uploaded_at),
        }
        for f in rows
    ]


def register() -> None:
    for order, slug, title, func, covers in (
        (40, "lab_memberships", _("Lab memberships"), memberships_of, ("labs.Membership.user",)),
        (
            41,
            "lab_log_entries",
            _("Progress log entries you wrote"),
            log_entries_of,
            ("labs.LogEntry.author",),
        ),
        (
            42,
            "lab_comments",
            _("Comments you wrote in labs"),
            comments_of,
            ("labs.LogComment.author",),
        ),
        (
            43,
            "lab_decisions",
            _("Joint decisions you proposed or that concern you"),
            decisions_of,
            ("labs.Decision.proposed_by", "labs.Decision.subject"),
        ),
        (44, "lab_signoffs", _("Your sign-offs"), signoffs_of, ("labs.Signoff.user",)),
        (
            45,
            "lab_files",
            _("Files you attached in labs"),
            files_of,
            ("labs.LabAttachment.uploaded_by",),
        ),
    ):
        register_personal_data(order=order, slug=slug, title=title, func=func, covers=covers)
