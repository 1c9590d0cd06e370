from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import choice_label


class LedgerKind(models.TextChoices):
    """What was decided. ``ledger.services.ledger_append`` accepts only these codes, so a typo
    in a caller fails loudly instead of scattering one decision over two spellings. Adding a
    kind is one line here (the field stores the code, no migration needed).

    Recommended object and payload per kind (ids as ``<thing>_id``, dates ISO, statuses as
    their stored codes; free text only ever as a ``*_sha256`` digest):

    - proposal.submitted — obj proposal: proposal_id, call_id, reference, proposer_id,
      coproposer_ids, owning_department_id
    - proposal.withdrawn — obj proposal: proposal_id, call_id, reference, from_status
    - screening.opened — obj screening: screening_id, call_id, board_member_ids, criterion_ids,
      deadline, is_blind, selection_count
    - screening.decided — obj screening: screening_id, call_id, selected_ids, not_selected_ids,
      follows_ranking, rationale_sha256
    - screening.selected — obj proposal (one per selection): proposal_id, call_id, screening_id,
      reference, rank
    - routing.verdict — obj proposal: proposal_id, review_id, verdict, department_ids,
      lead_department_id, merged_into_id, due_on
    - routing.answer — obj routing: routing_id, proposal_id, department_id, event_id, status
    - routing.rerouted — obj routing: routing_id, proposal_id, event_id, event_kind,
      from_department_id, to_department_id, department_id, due_on
    - lab.formed — obj lab: lab_id, proposal_id, call_id, start_date, end_date
    - lab.member_joined / lab.member_left — obj lab: lab_id, membership_id, user_id, status
      (active / left / removed / withdrawn), decision_id when a joint decision did it
    - lab.signoff — obj lab: lab_id, decision_id, decision_kind, signoff_id, user_id, verdict
    - lab.decision — obj lab (a joint decision settles): lab_id, decision_id, decision_kind,
      status (adopted / declined / awaiting_approval / rejected), subject_id, new_end_date
    - lab.closed — obj lab: lab_id, proposal_id, decision_id, final_report_id, outcome, closed_on
    """

    PROPOSAL_SUBMITTED = "proposal.submitted", _("Proposal submitted")
    PROPOSAL_WITHDRAWN = "proposal.withdrawn", _("Proposal withdrawn")
    SCREENING_OPENED = "screening.opened", _("Screening opened")
    SCREENING_DECIDED = "screening.decided", _("Screening decided")
    SCREENING_SELECTED = "screening.selected", _("Proposal selected")
    ROUTING_VERDICT = "routing.verdict", _("Practical-effect review verdict")
    ROUTING_ANSWER = "routing.answer", _("Department answer")
    ROUTING_REROUTED = "routing.rerouted", _("Re-route decision")
    LAB_FORMED = "lab.formed", _("Lab formed")
    LAB_MEMBER_JOINED = "lab.member_joined", _("Member joined")
    LAB_MEMBER_LEFT = "lab.member_left", _("Member left")
    LAB_SIGNOFF = "lab.signoff", _("Sign-off")
    LAB_DECISION = "lab.decision", _("Joint decision settled")
    LAB_CLOSED = "lab.closed", _("Lab closed")


class VerifyProblem(models.TextChoices):
    """Why ``ledger_verify`` stopped, naming the first bad entry."""

    MISSING = "missing", _("Entry missing (gap in the positions)")
    BROKEN_LINK = "broken_link", _("Link to the previous entry broken (reordered or rewritten)")
    ALTERED = "altered", _("Entry altered (hash does not match its contents)")
    CHECKPOINT_MISMATCH = "checkpoint_mismatch", _("Entry does not match a recorded checkpoint")
    TRUNCATED = "truncated", _("Entries cut from the end (behind the last checkpoint)")


def ledger_kind_label(kind: str) -> str:
    """The words for a ledger kind; an unknown code reads as "Other decision", never as itself."""
    return choice_label(LedgerKind, kind, str(_("Other decision")))


def object_type_label(object_type: str) -> str:
    """The words for a ledger ``object_type`` (``labs.lab`` → the model's verbose name, in the
    reader's language); a model the portal no longer has reads as "Record". No query."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return str(_("Record"))
