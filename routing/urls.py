from django.urls import path

from . import views

app_name = "routing"

urlpatterns = [
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("routings/<int:pk>/", views.RoutingDetailView.as_view(), name="routing-detail"),
    path("routings/<int:pk>/answer/", views.RoutingAnswerView.as_view(), name="routing-answer"),
    path(
        "routings/<int:pk>/progress/", views.RoutingProgressView.as_view(), name="routing-progress"
    ),
    path(
        "routings/<int:pk>/reroute/",
        views.RoutingRerouteDecisionView.as_view(),
        name="routing-reroute-decide",
    ),
    path("routings/<int:pk>/move/", views.RoutingMoveView.as_view(), name="routing-move"),
    path("review/", views.ReviewCallListView.as_view(), name="review-call-list"),
    path("calls/<int:call_pk>/review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("calls/<int:call_pk>/review/bulk/", views.BulkReviewView.as_view(), name="bulk-review"),
    path("proposals/<int:pk>/review/", views.ProposalReviewView.as_view(), name="proposal-review"),
    path("tracking/", views.TrackingView.as_view(), name="tracking"),
    path(
        "tracking/export.csv",
        views.TrackingExportView.as_view(),
        {"fmt": "csv"},
        name="tracking-export-csv",
    ),
    path(
        "tracking/export.xlsx",
        views.TrackingExportView.as_view(),
        {"fmt": "xlsx"},
        name="tracking-export-xlsx",
    ),
    path("templates/", views.AnswerTemplateListView.as_view(), name="template-list"),
    path("templates/new/", views.AnswerTemplateCreateView.as_view(), name="template-create"),
    path(
        "templates/<int:pk>/edit/", views.AnswerTemplateUpdateView.as_view(), name="template-update"
    ),
    path(
        "templates/<int:pk>/delete/",
        views.AnswerTemplateDeleteView.as_view(),
        name="template-delete",
    ),
    path("liaisons/", views.LiaisonListView.as_view(), name="liaison-list"),
    path("liaisons/<int:pk>/remove/", views.LiaisonRemoveView.as_view(), name="liaison-remove"),
]
