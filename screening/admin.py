from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Criterion, OutsideEvaluator, Review, Score, Screening


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Screening)
class ScreeningAdmin(SimpleHistoryAdmin):
    list_display = ["call", "deadline", "selection_count", "is_blind", "opened_at", "decided_at"]
    list_filter = ["is_blind", "score_visibility"]
    search_fields = ["call__title", "call__code"]
    readonly_fields = ["opened_at", "decided_at", "decided_by", "rationale", "deviation_reason", "created_by"]
    inlines = [CriterionInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    readonly_fields = ["criterion", "value"]
    can_delete = False


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "reviewer", "abstained", "updated_at"]
    list_filter = ["abstained", "screening__call"]
    search_fields = ["proposal__reference", "proposal__title", "reviewer__full_name", "reviewer__username"]
    readonly_fields = ["screening", "proposal", "reviewer", "abstained", "abstain_reason", "comment"]
    inlines = [ScoreInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "screening", "weight", "position"]
    list_filter = ["screening__call"]
    search_fields = ["name", "screening__call__title"]


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["review", "criterion", "value"]
    list_filter = ["criterion__screening__call"]
    search_fields = ["review__proposal__reference", "review__reviewer__full_name"]
    readonly_fields = ["review", "criterion", "value"]


@admin.register(OutsideEvaluator)
class OutsideEvaluatorAdmin(admin.ModelAdmin):
    list_display = ["user", "affiliation", "created_at"]
    search_fields = ["user__full_name", "user__email", "affiliation"]
    list_filter = ["affiliation"]
