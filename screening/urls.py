from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("", views.ScreeningListView.as_view(), name="screening-list"),
    path("<int:call_pk>/setup/", views.SetupView.as_view(), name="setup"),
    path("<int:call_pk>/open/", views.OpenView.as_view(), name="open"),
    path("<int:call_pk>/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("<int:call_pk>/criteria/publish/", views.CriteriaPublishView.as_view(), name="criteria-publish"),
    path(
        "<int:call_pk>/criteria/<int:criterion_pk>/levels/",
        views.CriterionLevelsView.as_view(),
        name="criterion-levels",
    ),
    path("<int:call_pk>/board/", views.BoardView.as_view(), name="board"),
    path("<int:call_pk>/board/add/", views.BoardAddView.as_view(), name="board-add"),
    path("<int:call_pk>/board/<int:user_pk>/remove/", views.BoardRemoveView.as_view(), name="board-remove"),
    path(
        "<int:call_pk>/board/outside-evaluator/",
        views.OutsideEvaluatorView.as_view(),
        name="outside-evaluator",
    ),
    path("<int:call_pk>/assignments/", views.AssignmentsView.as_view(), name="assignments"),
    path(
        "<int:call_pk>/assignments/conflicts/<int:proposal_pk>/<int:user_pk>/",
        views.ConflictDecideView.as_view(),
        name="conflict-decide",
    ),
    path("<int:call_pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("<int:call_pk>/feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("<int:call_pk>/feedback/release/", views.FeedbackReleaseView.as_view(), name="feedback-release"),
    path("<int:call_pk>/feedback/<int:pk>/", views.FeedbackEditView.as_view(), name="feedback-edit"),
    path("<int:call_pk>/export.csv", views.ExportView.as_view(), {"fmt": "csv"}, name="export-csv"),
    path("<int:call_pk>/export.xlsx", views.ExportView.as_view(), {"fmt": "xlsx"}, name="export-xlsx"),
    path("<int:call_pk>/entries/", views.WorkspaceView.as_view(), name="workspace"),
    path(
        "<int:call_pk>/entries/my-scores.csv", views.MyExportView.as_view(), {"fmt": "csv"}, name="my-export-csv"
    ),
    path(
        "<int:call_pk>/entries/my-scores.xlsx",
        views.MyExportView.as_view(),
        {"fmt": "xlsx"},
        name="my-export-xlsx",
    ),
    path("<int:call_pk>/entries/<int:pk>/", views.EntryView.as_view(), name="entry"),
    path("<int:call_pk>/entries/<int:pk>/abstain/", views.AbstainView.as_view(), name="entry-abstain"),
    path("<int:call_pk>/entries/<int:pk>/conflict/", views.ConflictDeclareView.as_view(), name="entry-conflict"),
    path(
        "<int:call_pk>/entries/<int:pk>/attachments/<int:attachment_pk>/",
        views.EntryAttachmentView.as_view(),
        name="entry-attachment",
    ),
]
