from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("unit/", views.UnitDashboardView.as_view(), name="unit-dashboard"),
    path("outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("export/<str:dataset>.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("calls/<int:call_pk>/archive.zip", views.CallArchiveView.as_view(), name="call-archive"),
    path("print/proposals/<int:pk>/", views.ProposalPrintView.as_view(), name="print-proposal"),
    path("print/calls/<int:call_pk>/score-sheet/", views.ScoreSheetPrintView.as_view(), name="print-score-sheet"),
    path(
        "print/calls/<int:call_pk>/score-sheets/<int:user_pk>/",
        views.ScoreSheetPrintView.as_view(),
        name="print-member-score-sheet",
    ),
    path(
        "print/calls/<int:call_pk>/screening-result/",
        views.ScreeningResultPrintView.as_view(),
        name="print-screening-result",
    ),
    path("print/labs/<int:pk>/final-report/", views.FinalReportPrintView.as_view(), name="print-final-report"),
]
