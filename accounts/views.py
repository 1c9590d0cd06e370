"""Setting and resetting passwords: Django's own views with the portal's templates and the
employee-number form. Links in the emails use ``PORTAL_BASE_URL``, never the request's Host
header."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import PasswordLinkForm


class PasswordLinkView(auth_views.PasswordResetView):
    form_class = PasswordLinkForm
    template_name = "accounts/password_link_form.html"
    subject_template_name = "accounts/emails/password_link_subject.txt"
    email_template_name = "accounts/emails/password_link.txt"
    html_email_template_name = "accounts/emails/password_link.html"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        self.extra_email_context = {"base_url": settings.PORTAL_BASE_URL}
        return super().form_valid(form)


class PasswordLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_link_sent.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set_form.html"
    success_url = reverse_lazy("accounts:password-set-done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
