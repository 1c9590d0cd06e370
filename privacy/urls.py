from django.urls import path

from . import mydata_views, views

app_name = "privacy"

urlpatterns = [
    path("", views.NoticeView.as_view(), name="notice"),
    path("consent/", views.ConsentView.as_view(), name="consent"),
    path("my-data/", mydata_views.MyDataView.as_view(), name="my-data"),
    path("my-data/download/", mydata_views.MyDataDownloadView.as_view(), name="my-data-download"),
    path("corrections/", mydata_views.CorrectionListView.as_view(), name="correction-list"),
    path("corrections/<int:pk>/", mydata_views.CorrectionDetailView.as_view(), name="correction-detail"),
]
