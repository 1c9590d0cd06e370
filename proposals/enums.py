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


class BoardCopyStatus(models.TextChoices):
    """Whether an attachment has a copy the screening board may download during blind review
    (``proposals.scrub``)."""

    PENDING = "pending", _("Not checked yet")
    READY = "ready", _("Identity information removed")
    WITHHELD = "withheld", _("Not shown to the board during blind review")


class BoardCopyReason(models.TextChoices):
    """Why an attachment has no board copy (the codes of ``proposals.scrub.REASONS``)."""

    LEGACY = "legacy", _(
        "HWP, DOC, XLS and PPT files keep the author's name where it cannot be removed. "
        "Attach the same document as PDF, HWPX, DOCX, XLSX or PPTX for the board."
    )
    EMBEDDED = "embedded", _(
        "The file holds an embedded object or part whose author information cannot be removed. "
        "Save it as PDF and attach that for the board."
    )
    DAMAGED = "damaged", _(
        "The file could not be read to remove the author information (it may be damaged or protected "
        "with a password)."
    )
    LIMITS = "limits", _("Removing the author information took too long or needed too much memory.")


class ExtraKind(models.TextChoices):
    """The kinds of an extra question (추가 항목) a call may add to its proposal form."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")
    FILE = "file", _("File")


TEXT_KINDS = (ExtraKind.SHORT_TEXT, ExtraKind.LONG_TEXT)
CHOICE_KINDS = (ExtraKind.SINGLE_CHOICE, ExtraKind.MULTIPLE_CHOICE)
