from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from core.readonly_admin import ReadOnlyAdmin

from .models import (
    Assignment,
    Conflict,
    Criterion,
    EntryScore,
    Feedback,
    FeedbackSet,
    OutsideEvaluator,
    Review,
    Score,
    Screening,
)
from .summaries import entry_scores_rebuild


class KeepsEntryScores:
    """An admin whose saves and deletions can move an entry's aggregate (a criterion's weight,
    a deleted review or score) rebuilds the summary rows of the screenings it touched, in the
    same transaction. ``screening_of(obj)`` names the screening."""

    def screening_of(self, obj) -> int:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        # Also what the history page's "revert" calls (it never calls save_related).
        super().save_model(request, obj, form, change)
        entry_scores_rebuild(screening_ids=[self.screening_of(obj)])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        entry_scores_rebuild(screening_ids=[self.screening_of(form.instance)])

    def delete_model(self, request, obj):
        with transaction.atomic():
            screening_id = self.screening_of(obj)
            super().delete_model(request, obj)
            entry_scores_rebuild(screening_ids=[screening_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            screening_ids = {self.screening_of(obj) for obj in queryset}
            super().delete_queryset(request, queryset)
            entry_scores_rebuild(screening_ids=screening_ids)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Screening)
class ScreeningAdmin(KeepsEntryScores, SimpleHistoryAdmin):
    list_display = ["call", "deadline", "selection_count", "is_blind", "opened_at", "decided_at"]
    list_filter = ["is_blind", "score_visibility"]
    search_fields = ["call__title", "call__code"]
    readonly_fields = ["opened_at", "decided_at", "decided_by", "rationale", "deviation_reason", "created_by"]
    inlines = [CriterionInline]

    def screening_of(self, obj) -> int:
        return obj.pk


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    readonly_fields = ["criterion", "value"]
    can_delete = False


@admin.register(Review)
class ReviewAdmin(KeepsEntryScores, SimpleHistoryAdmin):
    list_display = ["proposal", "reviewer", "abstained", "updated_at"]
    list_filter = ["abstained", "screening__call"]
    search_fields = ["proposal__reference", "proposal__title", "reviewer__full_name", "reviewer__username"]
    readonly_fields = ["screening", "proposal", "reviewer", "abstained", "abstain_reason", "comment"]
    inlines = [ScoreInline]

    def screening_of(self, obj) -> int:
        return obj.screening_id


@admin.register(Criterion)
class CriterionAdmin(KeepsEntryScores, SimpleHistoryAdmin):
    list_display = ["name", "screening", "weight", "position"]
    list_filter = ["screening__call"]
    search_fields = ["name", "screening__call__title"]

    def screening_of(self, obj) -> int:
        return obj.screening_id


@admin.register(Score)
class ScoreAdmin(KeepsEntryScores, SimpleHistoryAdmin):
    list_display = ["review", "criterion", "value"]
    list_filter = ["criterion__screening__call"]
    search_fields = ["review__proposal__reference", "review__reviewer__full_name"]
    readonly_fields = ["review", "criterion", "value"]

    def screening_of(self, obj) -> int:
        return obj.criterion.screening_id


@admin.register(OutsideEvaluator)
class OutsideEvaluatorAdmin(admin.ModelAdmin):
    list_display = ["user", "affiliation", "created_at"]
    search_fields = ["user__full_name", "user__email", "affiliation"]
    list_filter = ["affiliation"]


@admin.register(EntryScore)
class EntryScoreAdmin(ReadOnlyAdmin):
    """The ranking's summary rows, to look at: they are derived from the reviews (kept by
    ``screening.summaries``; ``manage.py rebuild_summaries`` rebuilds them), never edited."""

    list_display = ["proposal", "screening", "score", "review_count", "abstentions"]
    list_filter = ["screening__call"]
    search_fields = ["proposal__reference", "proposal__title"]


@admin.register(FeedbackSet)
class FeedbackSetAdmin(ReadOnlyAdmin):
    """The unit's messages to a call's proposers, to look at: written on the screening's
    feedback page (``screening.services.feedback``), released once, never edited here."""

    list_display = ["screening", "summary", "released_at", "released_by"]
    list_filter = ["summary"]
    search_fields = ["screening__call__title", "screening__call__code"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "feedback_set", "edited", "updated_at"]
    list_filter = ["edited", "feedback_set__screening__call"]
    search_fields = ["proposal__reference", "proposal__title"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    """Who reviews which entry, to look at: written only by the balancing on the screening's
    Assignments page (``screening.services.assignments``)."""

    list_display = ["proposal", "member", "screening", "created_at"]
    list_filter = ["screening__call"]
    search_fields = ["proposal__reference", "member__username", "member__full_name"]


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    """Conflicts of interest, to look at: declared by a board member or decided by the unit on
    the Assignments page."""

    list_display = ["proposal", "member", "source", "decision", "created_at"]
    list_filter = ["source", "decision", "screening__call"]
    search_fields = ["proposal__reference", "member__username", "member__full_name", "reason"]
