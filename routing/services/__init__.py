"""Writes for the practical-effect review, routing and department answers.

One function per state change. Each checks the actor's right (``PermissionDenied``) and the
rule it enforces (``ValidationError`` with a translated message), locks the rows it changes,
saves, appends a ``RoutingEvent`` (the history proposers and departments see), leaves who/when
in django-simple-history and queues notifications through the outbox on commit.

By subdomain: ``review`` (the verdict and routing), ``answers`` (a department's answer and
progress), ``transfer`` (re-routes, moves, closed departments), ``configuration`` (a call's
answer period, answer templates), ``liaisons`` and ``ideas`` (the idea bank); ``common`` holds the steps they share.
"""

from .answers import routing_answer, routing_progress_update
from .configuration import (
    answer_template_delete,
    answer_template_save,
    call_routing_settings_update,
)
from .ideas import (
    idea_comment_add,
    idea_comment_hide,
    idea_follow,
    idea_support,
    idea_unfollow,
    idea_unsupport,
)
from .liaisons import liaison_designate, liaison_revoke
from .review import BulkItem, proposal_review, proposals_bulk_review
from .transfer import department_closed_flag_routings, routing_move, routing_reroute_decide

__all__ = [
    "BulkItem",
    "answer_template_delete",
    "answer_template_save",
    "call_routing_settings_update",
    "department_closed_flag_routings",
    "idea_comment_add",
    "idea_comment_hide",
    "idea_follow",
    "idea_support",
    "idea_unfollow",
    "idea_unsupport",
    "liaison_designate",
    "liaison_revoke",
    "proposal_review",
    "proposals_bulk_review",
    "routing_answer",
    "routing_move",
    "routing_progress_update",
    "routing_reroute_decide",
]
