from django.urls import path

from .views import answer_templates, ideas, liaisons, review, routings, tracking

app_name = "routing"

urlpatterns = [
    path("inbox/", routings.InboxView.as_view(), name="inbox"),
    path("routings/<int:pk>/", routings.RoutingDetailView.as_view(), name="routing-detail"),
    path("routings/<int:pk>/answer/", routings.RoutingAnswerView.as_view(), name="routing-answer"),
    path(
        "routings/<int:pk>/progress/",
        routings.RoutingProgressView.as_view(),
        name="routing-progress",
    ),
    path(
        "routings/<int:pk>/reroute/",
        routings.RoutingRerouteDecisionView.as_view(),
        name="routing-reroute-decide",
    ),
    path("routings/<int:pk>/move/", routings.RoutingMoveView.as_view(), name="routing-move"),
    path("review/", review.ReviewCallListView.as_view(), name="review-call-list"),
    path("calls/<int:call_pk>/review/", review.ReviewQueueView.as_view(), name="review-queue"),
    path("calls/<int:call_pk>/review/bulk/", review.BulkReviewView.as_view(), name="bulk-review"),
    path("proposals/<int:pk>/review/", review.ProposalReviewView.as_view(), name="proposal-review"),
    path("tracking/", tracking.TrackingView.as_view(), name="tracking"),
    path(
        "tracking/export.csv",
        tracking.TrackingExportView.as_view(),
        {"fmt": "csv"},
        name="tracking-export-csv",
    ),
    path(
        "tracking/export.xlsx",
        tracking.TrackingExportView.as_view(),
        {"fmt": "xlsx"},
        name="tracking-export-xlsx",
    ),
    path("templates/", answer_templates.AnswerTemplateListView.as_view(), name="template-list"),
    path(
        "templates/new/",
        answer_templates.AnswerTemplateCreateView.as_view(),
        name="template-create",
    ),
    path(
        "templates/<int:pk>/edit/",
        answer_templates.AnswerTemplateUpdateView.as_view(),
        name="template-update",
    ),
    path(
        "templates/<int:pk>/delete/",
        answer_templates.AnswerTemplateDeleteView.as_view(),
        name="template-delete",
    ),
    path("ideas/", ideas.IdeaListView.as_view(), name="idea-list"),
    path("ideas/<int:pk>/", ideas.IdeaDetailView.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/support/", ideas.IdeaSupportView.as_view(), name="idea-support"),
    path("ideas/<int:pk>/follow/", ideas.IdeaFollowView.as_view(), name="idea-follow"),
    path("ideas/<int:pk>/comments/", ideas.IdeaCommentView.as_view(), name="idea-comment"),
    path(
        "idea-comments/<int:pk>/hide/", ideas.CommentHideView.as_view(), name="idea-comment-hide"
    ),
    path("liaisons/", liaisons.LiaisonListView.as_view(), name="liaison-list"),
    path("liaisons/<int:pk>/remove/", liaisons.LiaisonRemoveView.as_view(), name="liaison-remove"),
]
