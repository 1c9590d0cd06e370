"""Which kinds of notification a person may receive how: the groups the preferences page shows
and the rule of each kind (issue 20, part 3).

Every kind is in ``KINDS`` with its group (as a person thinks of their work: my proposals,
screening, department answers, labs…) and its rule:

- ``Rule.CHOICE``: email at once, a daily digest, or the portal only;
- ``Rule.REQUIRED``: a notice the program requires (a deadline of one's own duty, a decision on
  one's own proposal): email at once or in the digest, never the portal only;
- ``Rule.FIXED``: account and security mail (the first sign-in link): always emailed at once,
  not shown as a choice. (The password link of the sign-in page is sent by Django directly,
  not through the outbox, so no preference can touch it either.)

**Adding a kind** (another app's ``notify(kind=...)`` or reminder): add its label to
``notifications.enums.NotificationKind`` and a line here. A kind missing from ``KINDS`` still
works: ``rule_for`` puts it in the "Other notifications" group with ``Rule.REQUIRED`` (emailed
at once by default, at most delayed to the digest, never silenced), and
``tests/notifications/test_preferences.py`` fails until the line is written.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Delivery, NotificationKind


class Group(models.TextChoices):
    """The sections of the preferences page, in this order."""

    CALLS = "calls", _("Calls for proposals")
    MY_PROPOSALS = "my_proposals", _("My proposals")
    SCREENING = "screening", _("Screening (board members)")
    ROUTING = "routing", _("Department answers (liaisons)")
    LABS = "labs", _("G-Labs")
    IDEAS = "ideas", _("Idea bank")
    UNIT = "unit", _("The innovation unit's work")
    ACCOUNT = "account", _("Account and security")
    OTHER = "other", _("Other notifications")


GROUP_HELP = {
    Group.CALLS: _("New calls, changed deadlines and answers to your questions about a call."),
    Group.MY_PROPOSALS: _(
        "What happens to the proposals you wrote or co-wrote: receipts, invitations, deadlines, "
        "the screening result and the departments' answers."
    ),
    Group.SCREENING: _("When you sit on a screening board: the screening opens, scores are due."),
    Group.ROUTING: _("When you answer for a department: proposals routed to it and answers due."),
    Group.LABS: _(
        "Invitations to a lab, joint decisions, release from duties and the lab's deadlines."
    ),
    Group.IDEAS: _("Ideas you follow in the idea bank."),
    Group.UNIT: _("For members of the innovation unit: questions, re-route requests, HR changes."),
    Group.ACCOUNT: _("Sign-in links and security messages."),
    Group.OTHER: _("Notifications not yet sorted into a group."),
}


class Rule(StrEnum):
    CHOICE = "choice"
    REQUIRED = "required"
    FIXED = "fixed"


ALLOWED = {
    Rule.CHOICE: (Delivery.IMMEDIATE, Delivery.DIGEST, Delivery.PORTAL),
    Rule.REQUIRED: (Delivery.IMMEDIATE, Delivery.DIGEST),
    Rule.FIXED: (Delivery.IMMEDIATE,),
}


@dataclass(frozen=True)
class KindRule:
    group: Group
    rule: Rule
    # Shown on the preferences page (the digest itself, for one, is not a choice).
    listed: bool = True

    @property
    def allowed(self) -> tuple[Delivery, ...]:
        return ALLOWED[self.rule]


K = NotificationKind
C, R, F = Rule.CHOICE, Rule.REQUIRED, Rule.FIXED

KINDS: dict[str, KindRule] = {
    # Calls for proposals
    K.REMINDER_CALL_OPENED: KindRule(Group.CALLS, C),
    K.CALL_DEADLINE_EXTENDED: KindRule(Group.CALLS, C),
    K.CALL_QUESTION_ANSWERED: KindRule(Group.CALLS, C),
    # My proposals: deadlines of my drafts and invitations, decisions on what I proposed
    K.PROPOSAL_SUBMITTED: KindRule(Group.MY_PROPOSALS, C),
    K.COPROPOSER_INVITED: KindRule(Group.MY_PROPOSALS, C),
    K.REMINDER_CALL_CLOSING_DRAFT: KindRule(Group.MY_PROPOSALS, R),
    K.REMINDER_CALL_CLOSING_INVITATION: KindRule(Group.MY_PROPOSALS, R),
    K.SCREENING_OUTCOME_SELECTED: KindRule(Group.MY_PROPOSALS, R),
    K.SCREENING_OUTCOME_NOT_SELECTED: KindRule(Group.MY_PROPOSALS, R),
    K.SCREENING_FEEDBACK: KindRule(Group.MY_PROPOSALS, R),
    K.ROUTING_REVIEWED: KindRule(Group.MY_PROPOSALS, R),
    K.ROUTING_ANSWERED: KindRule(Group.MY_PROPOSALS, R),
    # Screening: a board seat is a duty with a deadline
    K.SCREENING_BOARD_OPENED: KindRule(Group.SCREENING, R),
    K.SCREENING_ENTRIES_ASSIGNED: KindRule(Group.SCREENING, R),
    K.REMINDER_SCREENING_DUE: KindRule(Group.SCREENING, R),
    # Department answers: a liaison's duty with a deadline
    K.ROUTING_ASSIGNED: KindRule(Group.ROUTING, R),
    K.ROUTING_ANSWER_DUE: KindRule(Group.ROUTING, R),
    K.ROUTING_ANSWER_OVERDUE: KindRule(Group.ROUTING, R),
    # Labs: sign-offs, acknowledgements and the lab's deadlines are duties
    K.LABS_INVITATION: KindRule(Group.LABS, C),
    K.LABS_DECISION_PROPOSED: KindRule(Group.LABS, R),
    K.LABS_DECISION_SETTLED: KindRule(Group.LABS, C),
    K.LABS_EXTENSION_REQUESTED: KindRule(Group.LABS, C),
    K.LABS_REPORT_SIGNED: KindRule(Group.LABS, C),
    K.LABS_RELEASE_REQUESTED: KindRule(Group.LABS, R),
    K.LABS_RELEASE_IN_EFFECT: KindRule(Group.LABS, C),
    K.LABS_RELEASE_ENDED: KindRule(Group.LABS, C),
    K.REMINDER_LAB_RELEASE_STARTS: KindRule(Group.LABS, C),
    K.REMINDER_LAB_RELEASE_ENDS: KindRule(Group.LABS, C),
    K.REMINDER_LAB_TERM_ENDING: KindRule(Group.LABS, R),
    K.REMINDER_LAB_REPORT_DUE: KindRule(Group.LABS, R),
    K.REMINDER_LAB_LOG_OVERDUE: KindRule(Group.LABS, R),
    # The idea bank: ideas one follows (issue 20)
    K.IDEA_ANSWERED: KindRule(Group.IDEAS, C),
    K.IDEA_PROGRESS: KindRule(Group.IDEAS, C),
    # The innovation unit's work
    K.CALL_QUESTION_ASKED: KindRule(Group.UNIT, C),
    # A correction request must be answered within 10 days (PIPA 제36조): a duty
    K.PRIVACY_CORRECTION_REQUESTED: KindRule(Group.UNIT, R),
    K.ROUTING_REROUTE_REQUESTED: KindRule(Group.UNIT, C),
    K.PEOPLE_LIAISONS_ENDED: KindRule(Group.UNIT, C),
    # Account and security
    K.FIRST_SIGN_IN_LINK: KindRule(Group.ACCOUNT, F),
    # The answer to one's own correction request (my data)
    K.PRIVACY_CORRECTION_HANDLED: KindRule(Group.ACCOUNT, R),
    K.DAILY_DIGEST: KindRule(Group.ACCOUNT, F, listed=False),
}

# A kind nobody sorted yet: shown under "Other notifications", never silenced.
FALLBACK = KindRule(Group.OTHER, Rule.REQUIRED)


def rule_for(kind: str) -> KindRule:
    return KINDS.get(kind, FALLBACK)


def allowed(kind: str, delivery: str) -> bool:
    return delivery in rule_for(kind).allowed


def effective(kind: str, delivery: str | None) -> Delivery:
    """What is done for ``kind`` given a stored choice (None: no choice stored). A choice the
    kind's rule no longer allows (the rule was tightened after it was saved) is replaced by the
    closest allowed one: portal only → the digest, anything → at once for a fixed kind."""
    choices = rule_for(kind).allowed
    if delivery in choices:
        return Delivery(delivery)
    if delivery == Delivery.PORTAL and Delivery.DIGEST in choices:
        return Delivery.DIGEST
    return Delivery.IMMEDIATE


def listed_kinds() -> list[tuple[Group, list[str]]]:
    """The kinds the preferences page lists, by group in ``Group`` order: every labelled kind
    (``NotificationKind``) and every kind in ``KINDS``, except those not listed."""
    kinds = dict.fromkeys([*NotificationKind.values, *KINDS])
    by_group: dict[Group, list[str]] = {}
    for kind in kinds:
        rule = rule_for(kind)
        if rule.listed:
            by_group.setdefault(rule.group, []).append(kind)
    return [(group, by_group[group]) for group in Group if group in by_group]
