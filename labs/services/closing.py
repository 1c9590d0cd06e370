"""The final report (최종보고) and the lab's closing.

The members propose the final report as a joint decision (``decisions``); once every member
has signed it the lab is closing, and the innovation unit closes it.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from accounts.selectors import innovation_unit_members
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.services import clean_text

from ..enums import DecisionStatus, LabStatus, Outcome
from ..models import Decision, FinalReport, Lab
from ._common import OPEN_DECISION_STATUSES, active_memberships, lock_lab, store_attachments
from .releases import releases_close

REPORT_REQUIRED = ("summary", "results", "outcome", "lessons")
REPORT_FIELDS = (*REPORT_REQUIRED, "next_steps")


def validate_final_report(lab: Lab, report: dict | None) -> None:
    if lab.status != LabStatus.RUNNING:
        raise ValidationError(_("A final report can be proposed while the lab runs with at least two members."))
    if not report or any(not str(report.get(name, "")).strip() for name in REPORT_REQUIRED):
        raise ValidationError(_("The final report needs a summary, results, an outcome and the lessons learned."))
    if report["outcome"] not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))


def final_report_file(
    decision: Decision, *, lab: Lab, by: User, report: dict, uploads: Iterable[UploadedFile]
) -> FinalReport:
    """The final report a ``FINAL_REPORT`` decision proposes, with its attachments."""
    final = FinalReport(
        decision=decision, lab=lab, **{name: clean_text(str(report.get(name, ""))) for name in REPORT_FIELDS}
    )
    final.full_clean()
    record_change_author(final, by)
    final.save()
    store_attachments(lab=lab, by=by, uploads=uploads, report=final)
    return final


def lab_enter_closing(decision: Decision, *, lab: Lab, by: User) -> None:
    """Every member has signed the final report: the lab is closing, its other open
    proposals are void and the innovation unit is asked to close it."""
    lab.status = LabStatus.CLOSING
    record_change_author(lab, by, "final report signed off")
    lab.save()
    lab.decisions.filter(status__in=OPEN_DECISION_STATUSES).update(
        status=DecisionStatus.VOID, settled_at=timezone.now()
    )
    notify(
        kind="labs_report_signed",
        recipients=innovation_unit_members(),
        about=decision,
        context={"lab": lab, "decision": decision},
        url=lab.get_absolute_url(),
    )


@transaction.atomic
def lab_close(*, lab: Lab, by: User) -> Lab:
    """Closing → closed, after the final report has been signed off by every member. Ends the
    releases from routine duties, tells the departments and appends ``lab.closed`` to the
    decision ledger."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    lab = lock_lab(lab)
    if lab.status != LabStatus.CLOSING:
        raise ValidationError(_("A lab is closed once all its members have signed off the final report."))
    lab.status = LabStatus.CLOSED
    lab.closed_at = timezone.now()
    record_change_author(lab, by, "closed")
    lab.save()
    releases_close(lab=lab, by=by)
    report = (
        FinalReport.objects.filter(lab=lab, decision__status=DecisionStatus.ADOPTED)
        .order_by("-decision__settled_at", "-pk")
        .first()
    )
    ledger_append(
        kind=LedgerKind.LAB_CLOSED,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "proposal_id": lab.proposal_id,
            "decision_id": report.decision_id if report else None,
            "final_report_id": report.pk if report else None,
            "outcome": report.outcome if report else None,
            "member_ids": sorted(m.user_id for m in active_memberships(lab)),
            "closed_on": timezone.localdate(lab.closed_at),
        },
    )
    return lab
