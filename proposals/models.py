import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .enums import (
    STORED_PHASES,
    BoardCopyReason,
    BoardCopyStatus,
    CallPhase,
    CoProposerStatus,
    ExtraKind,
    NoticeKind,
    ProposalStatus,
)


class Call(models.Model):
    """An open call for proposals (과제 공모) run by the innovation unit."""

    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(
        _("reference prefix"),
        max_length=20,
        unique=True,
        help_text=_("Proposals are numbered <prefix>-001, <prefix>-002, … (e.g. 2026-G)."),
    )
    description = models.TextField(_("description"))
    guidance = models.TextField(_("guidance for proposers"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    attachment_max_mb = models.PositiveSmallIntegerField(_("attachment size limit (MB)"), default=10)
    contact = models.CharField(
        _("contact for questions"),
        max_length=300,
        blank=True,
        help_text=_("Who answers questions about this call, e.g. a name, a team and a telephone number."),
    )
    results_expected_on = models.DateField(
        _("results expected on"),
        null=True,
        blank=True,
        help_text=_("When the selected task is expected to be announced (shown in the call's schedule)."),
    )
    stored_phase = models.CharField(
        _("stored phase"),
        max_length=20,
        choices=[(p.value, p.label) for p in STORED_PHASES],
        blank=True,
        editable=False,
    )
    next_reference_number = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Moves with every change to what the call's page shows, its notices included (the page
    # caches its public part under it).
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["next_reference_number", "updated_at"])

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            )
        ]
        permissions = [("screen_call", _("Can screen the call's entries as a board member"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:call-detail", kwargs={"pk": self.pk})

    def phase_at(self, moment: datetime) -> CallPhase:
        if self.stored_phase:
            return CallPhase(self.stored_phase)
        if moment < self.opens_at:
            return CallPhase.UPCOMING
        if moment < self.closes_at:
            return CallPhase.OPEN
        return CallPhase.CLOSED

    @property
    def phase(self) -> CallPhase:
        return self.phase_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.phase == CallPhase.OPEN

    @property
    def attachment_max_bytes(self) -> int:
        return self.attachment_max_mb * 1024 * 1024


class CallUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Call, on_delete=models.CASCADE)


class CallGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Call, on_delete=models.CASCADE)


class CallNotice(models.Model):
    """A notice, or an answer to a question, posted on a call's page by the innovation unit."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    question = models.TextField(_("question"), blank=True)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("call notice")
        verbose_name_plural = _("call notices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:50]


class CallQuestion(models.Model):
    """A question a member of staff asked about a call (문의). Private: only its asker and the
    innovation unit see it. The unit answers it (the asker is told) and may publish the question
    and answer on the call's page as a ``CallNotice``, without the asker's name."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("question"), max_length=2000)
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    published_notice = models.OneToOneField(
        CallNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="source_question"
    )

    class Meta:
        verbose_name = _("question about a call")
        verbose_name_plural = _("questions about calls")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["call", "answered_at"], name="callquestion_call_answered")]

    def __str__(self) -> str:
        return self.text[:50]


class Proposal(models.Model):
    """A proposal (과제 제안) to a call. Its status changes only through
    ``proposals.services.proposal_transition``."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposer"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("current problem"), blank=True)
    idea = models.TextField(_("proposed idea"), blank=True)
    effect = models.TextField(_("expected effect"), blank=True)
    owning_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_proposals",
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    proposer_volunteers = models.BooleanField(_("I volunteer to join the lab if this is selected"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, editable=False
    )
    reference = models.CharField(_("reference number"), max_length=30, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    # The token of the form that created the draft: a second POST of the same form (double
    # click, two tabs, autosave racing the save button) finds this draft instead of a new one.
    client_token = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["client_token", "updated_at"])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "reference"], condition=~Q(reference=""), name="proposal_reference_unique"
            ),
            models.UniqueConstraint(fields=["proposer", "client_token"], name="proposal_client_token_unique"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal-detail", kwargs={"pk": self.pk})

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in (part.strip() for part in self.keywords.split(",")) if k]


class CoProposer(models.Model):
    """A colleague named on a proposal. Named only once they accept; then they may edit."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="coproposers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("co-proposer"), on_delete=models.PROTECT, related_name="coproposals"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CoProposerStatus.choices, default=CoProposerStatus.INVITED
    )
    volunteers = models.BooleanField(_("I volunteer to join the lab if this is selected"), default=False)
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-proposer")
        verbose_name_plural = _("co-proposers")
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="coproposer_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # Stored under a generated name: the original name is kept in the row, never on disk.
    return f"attachments/{instance.proposal.call_id}/{uuid.uuid4().hex}"


def attachment_board_upload_to(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.proposal.call_id}/board-{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A proposal's file: the original, for the proposers and the innovation unit, and its board
    copy (``board_file``: the same document without its makers' names, ``proposals.scrub``),
    which the screening board downloads during blind review. A file that cannot be scrubbed
    with confidence has no board copy (``board_status`` withheld, ``board_reason`` why)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    kind = models.CharField(_("file type"), max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    board_file = models.FileField(upload_to=attachment_board_upload_to, max_length=200, blank=True, editable=False)
    board_status = models.CharField(
        _("copy for the board"),
        max_length=10,
        choices=BoardCopyStatus.choices,
        default=BoardCopyStatus.PENDING,
        editable=False,
    )
    board_reason = models.CharField(
        _("why the board cannot see it"), max_length=10, choices=BoardCopyReason.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("proposals:attachment-download", kwargs={"pk": self.pk})

    @property
    def board_copy_ready(self) -> bool:
        return self.board_status == BoardCopyStatus.READY and bool(self.board_file)

    @property
    def board_withheld(self) -> bool:
        """Not scrubbable: the board sees that the file exists, not the file (``board_reason``)."""
        return self.board_status == BoardCopyStatus.WITHHELD

    def stored_files(self) -> list:
        """The files on disk: the original and the board copy, if there is one."""
        return [f for f in (self.file, self.board_file) if f]


class ExtraQuestion(models.Model):
    """An extra question (추가 항목) the innovation unit adds to one call's proposal form.
    Changed only through ``proposals.services.extra_questions``: once a proposal has answered
    it, only its help text, its position and whether the board sees it may change."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="extra_questions")
    kind = models.CharField(_("kind of answer"), max_length=20, choices=ExtraKind.choices)
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required to submit"), default=False)
    max_length = models.PositiveIntegerField(_("character limit"), null=True, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    hidden_from_board = models.BooleanField(_("hidden from the screening board"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class ExtraAnswer(models.Model):
    """A proposal's answer to an extra question. ``value`` holds text (short and long text,
    one choice, a date as YYYY-MM-DD, a file's original name), a list of texts (several
    choices) or a boolean (yes/no)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="extra_answers")
    question = models.ForeignKey(ExtraQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"))
    # A file answer: one of the proposal's attachments (so the same checks, limits and board
    # copy without its makers' names); ``value`` holds its original name.
    attachment = models.OneToOneField(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="extra_answer"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to an extra question")
        verbose_name_plural = _("answers to extra questions")
        ordering = ["question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="extraanswer_unique")]

    def __str__(self) -> str:
        return f"{self.question} → {self.proposal}"

    @staticmethod
    def is_empty(value) -> bool:
        """No answer: nothing, an empty text or no choice (``False`` is a yes/no answer)."""
        return value is None or value == "" or value == []


class IdeaBankConsent(models.Model):
    """One author's answer to "show this idea in the idea bank (아이디어 뱅크) if it is not
    selected". A not-selected, routed proposal is in the bank only while its proposer and every
    accepted co-proposer have agreed (``proposals.selectors.idea_bank_consented_q``). Changed
    only through ``proposals.services.idea_bank_consent_set``; every change is kept in the
    history (who, when, what)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="idea_bank_consents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="idea_bank_consents"
    )
    agreed = models.BooleanField(_("agrees to show the idea in the idea bank"), default=False)
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea bank consent")
        verbose_name_plural = _("idea bank consents")
        ordering = ["proposal_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="ideabankconsent_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"
