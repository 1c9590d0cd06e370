from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/status/", views.ImportStatusView.as_view(), name="import-status"),
    path("imports/<int:pk>/apply/", views.ImportApplyView.as_view(), name="import-apply"),
    path("sign-ins/", views.SignInListView.as_view(), name="sign-in-list"),
    path("sign-ins/send-links/", views.SignInLinksSendView.as_view(), name="sign-in-links-send"),
]
