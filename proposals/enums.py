from django.db import models
from django.utils.translation import gettext_lazy as _


class CallPhase(models.TextChoices):
    """A call's phase. Upcoming, open and closed follow the clock; screening and decided are
    stored on the call and change only through ``proposals.services.call_set_phase``."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SCREENING = "screening", _("Screening")
    DECIDED = "decided", _("Decided")


STORED_PHASES = (CallPhase.SCREENING, CallPhase.DECIDED)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class CoProposerStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    ANSWER = "answer", _("Question and answer")
