"""What the privacy app holds about a person, for their "my data" download
(``core.personal_data``): the privacy notices they accepted, the personal-data access log's
entries about them and those they caused, and their correction requests."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data
from labs.models import LabAttachment, Membership
from proposals.models import Attachment, CoProposer, Proposal

from .models import CorrectionRequest, PersonalDataAccess, PrivacyConsent

SUBJECT_TYPE = "accounts.user"


def consents_of(user) -> list[dict]:
    """The versions of the privacy notice the person accepted (1 query)."""
    rows = PrivacyConsent.objects.filter(user=user).order_by("accepted_at", "pk")
    return [{"notice_version": c.notice_version, "accepted_at": iso(c.accepted_at)} for c in rows]


def _about(user) -> Q:
    """Log entries whose object concerns the person: their account (their own "my data"
    download), the proposals they wrote or were named on and those proposals' files, the calls
    they proposed to (the submissions export lists the proposers), and the labs they belong to
    with those labs' files. Exports of the whole portal name no single object and are not
    listed. The ids are read first (a few small indexed queries), so the log is read through
    its (object_type, object_id) index: as subqueries, the planner scanned every proposal and
    the whole log."""
    proposal_ids = set(Proposal.objects.filter(proposer=user).values_list("pk", flat=True))
    proposal_ids |= set(CoProposer.objects.filter(user=user).values_list("proposal_id", flat=True))
    proposals = Proposal.objects.filter(pk__in=proposal_ids)
    lab_ids = list(Membership.objects.filter(user=user).values_list("lab_id", flat=True))
    objects = {
        SUBJECT_TYPE: [user.pk],
        "proposals.proposal": sorted(proposal_ids),
        "proposals.attachment": list(Attachment.objects.filter(proposal_id__in=proposal_ids).values_list("pk", flat=True)),
        "proposals.call": list(proposals.exclude(status="draft").values_list("call_id", flat=True).distinct()),
        "labs.lab": lab_ids,
        "labs.labattachment": list(LabAttachment.objects.filter(lab_id__in=lab_ids).values_list("pk", flat=True)),
    }
    about = Q(pk__in=[])
    for object_type, ids in objects.items():
        if ids:
            about |= Q(object_type=object_type, object_id__in=ids)
    return about


def _access(row: PersonalDataAccess) -> dict:
    """What was opened and when; not by whom (another person's data) nor from where."""
    return {
        "what": row.what,
        "object_type": row.object_type or None,
        "object_id": row.object_id,
        "accessed_at": iso(row.accessed_at),
    }


def accesses_about(user) -> list[dict]:
    """Entries of the personal-data access log about the person (the ids first, then 1 query)."""
    rows = PersonalDataAccess.objects.filter(_about(user)).order_by("accessed_at", "pk")
    return [_access(row) for row in rows]


def accesses_by(user) -> list[dict]:
    """Entries of the personal-data access log the person caused (1 query)."""
    rows = PersonalDataAccess.objects.filter(user=user).order_by("accessed_at", "pk")
    return [{**_access(row), "ip_address": row.ip_address} for row in rows]


def corrections_of(user) -> list[dict]:
    """The person's correction requests with the unit's answer (1 query; not who handled it)."""
    rows = CorrectionRequest.objects.filter(requester=user).order_by("submitted_at", "pk")
    return [
        {
            "about": r.section or None,
            "what_is_wrong": r.what_is_wrong,
            "should_be": r.should_be,
            "status": str(r.get_status_display()),
            "requested_at": iso(r.submitted_at),
            "handled_at": iso(r.handled_at),
            "outcome": r.outcome or None,
        }
        for r in rows
    ]


def register() -> None:
    for order, slug, title, func, covers in (
        (70, "privacy_consents", _("Privacy notices you accepted"), consents_of, ("privacy.PrivacyConsent.user",)),
        (71, "access_log_about_you", _("When personal data about you was opened"), accesses_about, ()),
        (72, "access_log_by_you", _("Personal data you opened or downloaded"), accesses_by,
         ("privacy.PersonalDataAccess.user",)),
        (73, "correction_requests", _("Your correction requests"), corrections_of,
         ("privacy.CorrectionRequest.requester",)),
    ):
        register_personal_data(order=order, slug=slug, title=title, func=func, covers=covers)
