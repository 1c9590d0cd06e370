"""A ledger entry's recorded data in words (the "내용" of the ledger pages): each key of the
payload by its label, each value as a person reads it. The payload itself stays what it is
(ids and codes, see ``ledger.canonical``); only its display changes.

Codes are read through the field that stores them (``app_label.model.field``, looked up with
``apps.get_model`` as ``enums.object_type_label`` does, so the ledger imports no domain app):
the same word can mean different things per kind ("status" of a membership or of a decision),
so a code's field may depend on the kind. A key or code the portal does not know is shown as
"Other data" / the stored value, never dropped: the ledger is evidence.
"""

import json
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.templatetags import local_datetime

LABELS = {
    "proposal_id": _("Proposal number"),
    "call_id": _("Call number"),
    "reference": _("Reference number"),
    "proposer_id": _("Proposer's user number"),
    "coproposer_ids": _("Co-proposers' user numbers"),
    "owning_department_id": _("Owning department number"),
    "from_status": _("Status before"),
    "screening_id": _("Screening number"),
    "board_member_ids": _("Board members' user numbers"),
    "criterion_ids": _("Criterion numbers"),
    "deadline": _("Deadline"),
    "is_blind": _("Blind review"),
    "selection_count": _("How many to select"),
    "selected_ids": _("Selected proposal numbers"),
    "not_selected_ids": _("Numbers of the proposals not selected"),
    "follows_ranking": _("Follows the ranking"),
    "rationale_sha256": _("Digest of the reasons"),
    "rank": _("Rank"),
    "review_id": _("Review number"),
    "verdict": _("Verdict"),
    "department_ids": _("Department numbers"),
    "lead_department_id": _("Lead department number"),
    "merged_into_id": _("Merged into proposal number"),
    "due_on": _("Answer due by"),
    "routing_id": _("Routing number"),
    "department_id": _("Department number"),
    "event_id": _("Event number"),
    "event_kind": _("Event"),
    "status": _("Status"),
    "from_department_id": _("From department number"),
    "to_department_id": _("To department number"),
    "lab_id": _("Lab number"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "membership_id": _("Membership number"),
    "user_id": _("User number"),
    "decision_id": _("Decision number"),
    "decision_kind": _("Kind of decision"),
    "signoff_id": _("Sign-off number"),
    "subject_id": _("Subject number"),
    "new_end_date": _("New end date"),
    "final_report_id": _("Final report number"),
    "outcome": _("Outcome"),
    "closed_on": _("Closed on"),
}

# Which field stores a coded value: by key, or by (kind prefix, key) where the key is ambiguous.
CODE_FIELDS = {
    ("", "from_status"): "proposals.proposal.status",
    ("", "event_kind"): "routing.routingevent.kind",
    ("", "decision_kind"): "labs.decision.kind",
    ("", "outcome"): "labs.finalreport.outcome",
    ("routing.", "verdict"): "routing.review.verdict",
    ("routing.", "status"): "routing.routing.status",
    ("lab.signoff", "verdict"): "labs.signoff.verdict",
    ("lab.member", "status"): "labs.membership.status",
    ("lab.decision", "status"): "labs.decision.status",
}


def _code_field(kind: str, key: str) -> str:
    matches = [(prefix, field) for (prefix, name), field in CODE_FIELDS.items() if name == key and kind.startswith(prefix)]
    return max(matches)[1] if matches else ""


def _code_label(kind: str, key: str, value: str) -> str:
    path = _code_field(kind, key)
    if not path:
        return value
    label, _sep, field_name = path.rpartition(".")
    try:
        field = apps.get_model(label)._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return value
    return str(dict(field.flatchoices).get(value, value))


def _value(kind: str, key: str, value) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(_value(kind, key, item) for item in value)
    if isinstance(value, str):
        moment = _moment(value)
        return moment if moment is not None else _code_label(kind, key, value)
    return str(value)


def _moment(value: str) -> str | None:
    """A recorded ISO 8601 time ("2026-05-13T09:00:00Z") as people read times in the portal
    ("2026-05-13 18:00", Asia/Seoul); ``None`` when the text is not one."""
    if len(value) < 16 or value[4:5] != "-" or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return local_datetime(moment)


def payload_rows(kind: str, payload: str) -> list[tuple[str, str]]:
    """``(label, value)`` for each key of ``payload`` (JSON text), in the order recorded. A
    payload that is not a JSON object is one row "Other data"."""
    try:
        data = json.loads(payload)
    except ValueError:
        data = payload
    if not isinstance(data, dict):
        return [(str(_("Other data")), str(data))]
    return [
        (str(LABELS.get(key, _("Other data"))), _value(kind, key, value)) for key, value in data.items()
    ]
