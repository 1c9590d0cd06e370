from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.NoticeView.as_view(), name="notice"),
    path("consent/", views.ConsentView.as_view(), name="consent"),
]
