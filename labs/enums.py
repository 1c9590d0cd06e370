from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LabStatus(models.TextChoices):
    """A lab's phase. Paused: a running lab left with fewer than two members, recruiting again."""

    RECRUITING = "recruiting", _("Recruiting")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused (recruiting)")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", pgettext_lazy("lab phase", "Closed")


OPEN_STATUSES = (LabStatus.RECRUITING, LabStatus.RUNNING, LabStatus.PAUSED)
STARTED_STATUSES = (LabStatus.RUNNING, LabStatus.PAUSED)


class MembershipStatus(models.TextChoices):
    VOLUNTEERED = "volunteered", _("Volunteered")
    INVITED = "invited", pgettext_lazy("lab membership", "Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", pgettext_lazy("lab membership", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrew")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


class DecisionKind(models.TextChoices):
    SCOPE_CHANGE = "scope_change", _("Change of scope")
    EXTENSION = "extension", _("Term extension")
    ADD_MEMBER = "add_member", _("Adding a member")
    REMOVE_MEMBER = "remove_member", _("Removing a member")
    FINAL_REPORT = "final_report", _("Final report")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting sign-off")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the innovation unit's approval")
    ADOPTED = "adopted", pgettext_lazy("joint decision", "Adopted")
    DECLINED = "declined", pgettext_lazy("joint decision", "Declined")
    REJECTED = "rejected", _("Not approved by the innovation unit")
    VOID = "void", _("Void")


class SignoffVerdict(models.TextChoices):
    SIGNED = "signed", _("Signed off")
    DECLINED = "declined", pgettext_lazy("sign-off", "Declined")


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
