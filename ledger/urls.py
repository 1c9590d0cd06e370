from django.urls import path, re_path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.EntryListView.as_view(), name="entry-list"),
    path("head/", views.HeadView.as_view(), name="head"),
    re_path(
        r"^(?P<object_type>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)/(?P<object_id>[0-9]+)/$",
        views.ObjectEntriesView.as_view(),
        name="object-entries",
    ),
]
