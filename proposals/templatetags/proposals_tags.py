from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.choices import choice_label
from core.templatetags import badge
from proposals.enums import CallPhase, ProposalStatus

register = template.Library()

STATUS_TONES = {
    ProposalStatus.DRAFT: "neutral",
    ProposalStatus.SUBMITTED: "info",
    ProposalStatus.WITHDRAWN: "neutral",
    ProposalStatus.SELECTED: "success",
    ProposalStatus.NOT_SELECTED: "warning",
}
PHASE_TONES = {
    CallPhase.UPCOMING: "neutral",
    CallPhase.OPEN: "success",
    CallPhase.CLOSED: "neutral",
    CallPhase.SCREENING: "info",
    CallPhase.DECIDED: "info",
}


@register.filter
def time_left(closes_at: datetime) -> str:
    """"D-3", "3 hours left", "15 minutes left" or "Closed", as Korean offices write deadlines."""
    remaining = closes_at - timezone.now()
    seconds = int(remaining.total_seconds())
    if seconds <= 0:
        return _("Closed")
    local_today = timezone.localdate()
    days = (timezone.localtime(closes_at).date() - local_today).days
    if days >= 1:
        return _("D-%(days)s") % {"days": days}
    hours = seconds // 3600
    if hours >= 1:
        return ngettext("Closes in %(count)s hour", "Closes in %(count)s hours", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("Closes in %(count)s minute", "Closes in %(count)s minutes", minutes) % {"count": minutes}


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "neutral")


@register.simple_tag
def proposal_status_label(proposal) -> str:
    """What the proposer sees: "In screening" while the board works, else the status."""
    if proposal.status == ProposalStatus.SUBMITTED and proposal.call.phase == CallPhase.SCREENING:
        return _("In screening")
    return proposal.get_status_display()


@register.simple_tag
def status_badge(status: str) -> str:
    """The KRDS badge of a proposal status: ``{% status_badge proposal.status %}``."""
    return badge(choice_label(ProposalStatus, status, status), STATUS_TONES.get(status, "neutral"))


@register.simple_tag
def phase_badge(phase: str) -> str:
    return badge(choice_label(CallPhase, phase, phase), PHASE_TONES.get(phase, "neutral"))
