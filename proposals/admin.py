from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.readonly_admin import ReadOnlyAdmin

from .models import (
    Attachment,
    Call,
    CallNotice,
    CallQuestion,
    CoProposer,
    ExtraAnswer,
    ExtraQuestion,
    IdeaBankConsent,
    Proposal,
)


class CallNoticeInline(admin.TabularInline):
    model = CallNotice
    extra = 0
    autocomplete_fields = ("created_by",)


@admin.register(Call)
class CallAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("title", "code", "opens_at", "closes_at", "phase_display")
    search_fields = ("title", "code")
    list_filter = ("stored_phase",)
    readonly_fields = ("stored_phase", "next_reference_number", "created_by", "created_at")
    inlines = [CallNoticeInline]

    @admin.display(description=Call._meta.get_field("stored_phase").verbose_name)
    def phase_display(self, obj):
        return obj.phase.label


class CoProposerInline(admin.TabularInline):
    model = CoProposer
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("status", "responded_at")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("original_name", "size", "kind", "uploaded_by", "uploaded_at", "board_status", "board_reason")
    fields = readonly_fields
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "call", "proposer", "owning_department", "status", "submitted_at")
    list_filter = ("status", "call", "owning_department")
    search_fields = ("title", "reference", "keywords", "proposer__full_name", "proposer__username")
    readonly_fields = ("status", "reference", "submitted_at", "created_at", "updated_at")
    autocomplete_fields = ("proposer", "owning_department")
    list_select_related = ("call", "proposer", "owning_department")
    inlines = [CoProposerInline, AttachmentInline]

    def get_readonly_fields(self, request, obj=None):
        # A proposal stays in its call: its reference, screening entry, routings and the
        # summaries kept of them (docs/architecture.md, "Summary rows") all belong to it.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "call") if obj is not None else fields


@admin.register(CallNotice)
class CallNoticeAdmin(admin.ModelAdmin):
    list_display = ("call", "kind", "created_by", "created_at")
    list_filter = ("kind", "call")
    search_fields = ("body", "question", "call__title")
    list_select_related = ("call", "created_by")
    autocomplete_fields = ("created_by",)


@admin.register(CallQuestion)
class CallQuestionAdmin(admin.ModelAdmin):
    """Questions are answered on the call's questions page (the service tells the asker and
    publishes); here they can be read and found."""

    list_display = ("call", "asked_by", "asked_at", "answered_at")
    list_filter = ("call",)
    search_fields = ("text", "answer", "call__title")
    list_select_related = ("call", "asked_by")
    readonly_fields = ("call", "asked_by", "text", "asked_at", "answer", "answered_by", "answered_at", "published_notice")

    def has_add_permission(self, request):
        return False


@admin.register(CoProposer)
class CoProposerAdmin(SimpleHistoryAdmin):
    list_display = ("proposal", "user", "status", "volunteers", "responded_at")
    list_filter = ("status", "volunteers", "proposal__call")
    search_fields = ("proposal__title", "proposal__reference", "user__full_name", "user__username")
    readonly_fields = ("status", "responded_at")
    list_select_related = ("proposal", "user")
    autocomplete_fields = ("user",)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: files are added and removed through the proposal form, which checks them."""

    list_display = ("original_name", "proposal", "kind", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "proposal__call")
    search_fields = ("original_name", "proposal__title", "proposal__reference")
    readonly_fields = ("proposal", "file", "original_name", "size", "kind", "uploaded_by", "uploaded_at")
    list_select_related = ("proposal", "uploaded_by")

    def has_add_permission(self, request):
        return False


@admin.register(ExtraQuestion)
class ExtraQuestionAdmin(ReadOnlyAdmin):
    """A call's 추가 항목, to look at: managed on the call's extra-questions pages
    (``proposals.services.extra_questions``), which keep an answered question's meaning."""

    list_display = ["label", "call", "kind", "required", "hidden_from_board", "position"]
    list_filter = ["kind", "required", "hidden_from_board", "call"]
    search_fields = ["label", "call__title", "call__code"]


@admin.register(ExtraAnswer)
class ExtraAnswerAdmin(ReadOnlyAdmin):
    """Answers to 추가 항목, to look at: written with the proposal's draft."""

    list_display = ["proposal", "question"]
    list_filter = ["question__call"]
    search_fields = ["proposal__reference", "proposal__title", "question__label"]


@admin.register(IdeaBankConsent)
class IdeaBankConsentAdmin(ReadOnlyAdmin):
    """Each author's consent to the idea bank, to look at: only the author changes it, on the
    proposal's page (``proposals.services.idea_bank_consent_set``); the history keeps each change."""

    list_display = ["proposal", "user", "agreed", "changed_at"]
    list_filter = ["agreed"]
    search_fields = ["proposal__reference", "proposal__title", "user__username", "user__full_name"]
