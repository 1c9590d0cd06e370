from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("calls/", views.CallListView.as_view(), name="call-list"),
    path("calls/new/", views.CallCreateView.as_view(), name="call-create"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call-detail"),
    path("calls/<int:pk>/calendar.ics", views.CallCalendarView.as_view(), name="call-ics"),
    path("calls/<int:pk>/edit/", views.CallUpdateView.as_view(), name="call-update"),
    path("calls/<int:pk>/extend/", views.CallExtendView.as_view(), name="call-extend"),
    path("calls/<int:pk>/notices/new/", views.CallNoticeCreateView.as_view(), name="call-notice-create"),
    path("calls/<int:pk>/submissions/", views.CallSubmissionsView.as_view(), name="call-submissions"),
    path("calls/<int:pk>/questions/", views.CallQuestionListView.as_view(), name="call-questions"),
    path("calls/<int:pk>/questions/ask/", views.CallQuestionCreateView.as_view(), name="call-question-ask"),
    path("questions/<int:pk>/answer/", views.CallQuestionAnswerView.as_view(), name="call-question-answer"),
    path(
        "calls/<int:pk>/submissions/export.<str:fmt>",
        views.CallSubmissionsExportView.as_view(),
        name="call-submissions-export",
    ),
    path("calls/<int:pk>/extra-questions/", views.ExtraQuestionListView.as_view(), name="extra-question-list"),
    path("calls/<int:pk>/extra-questions/new/", views.ExtraQuestionCreateView.as_view(), name="extra-question-create"),
    path("extra-questions/<int:pk>/edit/", views.ExtraQuestionUpdateView.as_view(), name="extra-question-update"),
    path("extra-questions/<int:pk>/delete/", views.ExtraQuestionDeleteView.as_view(), name="extra-question-delete"),
    path("calls/<int:pk>/propose/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("calls/<int:pk>/propose/autosave/", views.AutosaveView.as_view(), name="proposal-create-autosave"),
    path("proposals/mine/", views.MyProposalsView.as_view(), name="my-proposals"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/panels/<slug:slug>/", views.ProposalPanelView.as_view(), name="proposal-panel"),
    path("proposals/<int:pk>/edit/", views.ProposalUpdateView.as_view(), name="proposal-update"),
    path("proposals/<int:proposal_pk>/autosave/", views.AutosaveView.as_view(), name="proposal-autosave"),
    path("proposals/<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal-withdraw"),
    path("proposals/<int:pk>/co-proposal/", views.CoProposerRespondView.as_view(), name="coproposer-respond"),
    path("proposals/<int:pk>/idea-bank/", views.IdeaBankConsentView.as_view(), name="proposal-idea-bank"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment-delete"),
]
