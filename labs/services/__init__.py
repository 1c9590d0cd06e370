"""Writes for labs. Every state change passes through one function here.

Each service checks the actor's right (``PermissionDenied``) and the rule it enforces
(``ValidationError`` with a translated message), locks the rows it changes, saves with the
actor recorded in the history, and queues notifications through the outbox on commit.

By subdomain: ``forming`` (form, edit and start a lab), ``membership`` (volunteer, invite,
accept, leave), ``releases`` (the release from routine duties), ``log`` (progress log,
comments, milestones), ``decisions`` (joint decisions and sign-offs) and ``closing`` (the
final report and closing the lab). The public services are re-exported here, so callers
write ``from labs import services; services.lab_form(...)``.
"""

from .closing import lab_close
from .decisions import decision_propose, decision_review_extension, decision_sign, required_signers
from .forming import lab_form, lab_start, lab_update, proposal_volunteers
from .log import (
    log_comment_add,
    log_entry_create,
    log_entry_update,
    milestone_create,
    milestone_set_done,
)
from .membership import (
    lab_volunteer,
    lab_volunteer_withdraw,
    membership_invite,
    membership_leave,
    membership_respond,
)
from .releases import lab_member_home_department_changed, release_acknowledge

__all__ = [
    "decision_propose",
    "decision_review_extension",
    "decision_sign",
    "lab_close",
    "lab_form",
    "lab_member_home_department_changed",
    "lab_start",
    "lab_update",
    "lab_volunteer",
    "lab_volunteer_withdraw",
    "log_comment_add",
    "log_entry_create",
    "log_entry_update",
    "membership_invite",
    "membership_leave",
    "membership_respond",
    "milestone_create",
    "milestone_set_done",
    "proposal_volunteers",
    "release_acknowledge",
    "required_signers",
]
