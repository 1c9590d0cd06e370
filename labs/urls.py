from django.urls import path

from . import views

app_name = "labs"

urlpatterns = [
    path("", views.LabListView.as_view(), name="lab-list"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("form/<int:proposal_pk>/", views.LabCreateView.as_view(), name="lab-create"),
    path("releases/", views.ReleaseListView.as_view(), name="release-list"),
    path("releases/<int:pk>/acknowledge/", views.ReleaseAcknowledgeView.as_view(), name="release-acknowledge"),
    path("files/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("<int:pk>/", views.LabDetailView.as_view(), name="lab-detail"),
    path("<int:pk>/edit/", views.LabUpdateView.as_view(), name="lab-update"),
    path("<int:pk>/start/", views.LabStartView.as_view(), name="lab-start"),
    path("<int:pk>/close/", views.LabCloseView.as_view(), name="lab-close"),
    path("<int:pk>/volunteer/", views.VolunteerView.as_view(), name="lab-volunteer"),
    path("<int:pk>/volunteer/withdraw/", views.VolunteerWithdrawView.as_view(), name="lab-volunteer-withdraw"),
    path("<int:pk>/members/<int:membership_pk>/invite/", views.InviteView.as_view(), name="membership-invite"),
    path("<int:pk>/invitation/", views.RespondView.as_view(), name="membership-respond"),
    path("<int:pk>/leave/", views.LeaveView.as_view(), name="membership-leave"),
    path("<int:pk>/log/", views.TimelineView.as_view(), name="timeline"),
    path("<int:pk>/log/new/", views.EntryCreateView.as_view(), name="entry-create"),
    path("<int:pk>/log/<int:entry_pk>/edit/", views.EntryUpdateView.as_view(), name="entry-update"),
    path("<int:pk>/log/<int:entry_pk>/comments/", views.CommentCreateView.as_view(), name="entry-comment"),
    path("<int:pk>/milestones/new/", views.MilestoneCreateView.as_view(), name="milestone-create"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/", views.MilestoneToggleView.as_view(), name="milestone-toggle"
    ),
    path("<int:pk>/decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("<int:pk>/decisions/new/", views.DecisionCreateView.as_view(), name="decision-create"),
    path("<int:pk>/report/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("<int:pk>/decisions/<int:decision_pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("<int:pk>/decisions/<int:decision_pk>/sign/", views.DecisionSignView.as_view(), name="decision-sign"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/review/", views.DecisionReviewView.as_view(), name="decision-review"
    ),
]
