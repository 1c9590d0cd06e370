from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordLinkView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordLinkSentView.as_view(), name="password-reset-sent"),
    path("password/set/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password-set"),
    path("password/set/done/", views.PasswordSetDoneView.as_view(), name="password-set-done"),
    path("people/", views.PeopleLookupView.as_view(), name="people-lookup"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("api-tokens/", views.ApiTokenListView.as_view(), name="api-tokens"),
    path(
        "api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api-token-revoke"
    ),
    path(
        "password/change/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"
    ),
]
