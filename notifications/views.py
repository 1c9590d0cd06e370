from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from accounts.mixins import InnovationUnitRequiredMixin
from core.forms import add_form_errors
from core.paging import WindowPaginator

from . import selectors
from .enums import Delivery, EmailStatus, notification_kind_label
from .forms import NotificationPreferencesForm, OutboxFilterForm
from .models import Notification
from .preferences import preference_choices, preferences_save
from .services import notification_retry, notifications_mark_read, notifications_retry_failed


class NotificationListView(LoginRequiredMixin, ListView):
    """The in-app notification centre: the signed-in person's notices, newest first."""

    template_name = "notifications/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).only(
            "id", "subject", "url", "created_at", "read_at", "kind"
        )


class NotificationReadView(LoginRequiredMixin, View):
    """Marks one notification read and follows its link."""

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        notifications_mark_read(user=request.user, notification_ids=[notification.pk])
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            return redirect("notifications:list")
        return redirect(target)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        notifications_mark_read(user=request.user)
        return redirect("notifications:list")


class OutboxView(InnovationUnitRequiredMixin, ListView):
    """Every email the portal has to send, with its delivery state, for the innovation unit."""

    template_name = "notifications/outbox.html"
    context_object_name = "notifications"
    paginate_by = 50
    paginator_class = WindowPaginator

    def get_queryset(self):
        self.form = OutboxFilterForm(self.request.GET or None, kinds=selectors.outbox_kinds())
        self.filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.outbox(
            status=self.filters.get("status", ""), kind=self.filters.get("kind", "")
        )

    def get_context_data(self, **kwargs):
        counts = selectors.outbox_status_counts()
        chosen, kind = self.filters.get("status", ""), self.filters.get("kind", "")
        matching = selectors.outbox_status_counts(kind=kind) if kind else counts
        return super().get_context_data(
            matching_count=matching.get(chosen, 0) if chosen else sum(matching.values()),
            form=self.form,
            status_counts=[(status, counts.get(status.value, 0)) for status in EmailStatus],
            failed=EmailStatus.FAILED,
            failed_count=counts.get(EmailStatus.FAILED.value, 0),
            kind_filter=kind,
            kind_filter_label=notification_kind_label(kind) if kind else "",
            crumbs=[(_("Outbox"), "")],
            **kwargs,
        )


class OutboxRetryFailedView(InnovationUnitRequiredMixin, View):
    """Sends every failed email again (of the kind the page is filtered to, if any)."""

    def post(self, request):
        count = notifications_retry_failed(
            by=request.user, kind=request.POST.get("kind", "").strip()[:50]
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s failed email has been queued to be sent again.",
                    "%(count)s failed emails have been queued to be sent again.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("There is no failed email to send again."))
        return redirect(reverse("notifications:outbox") + "?status=" + EmailStatus.PENDING)


class OutboxRetryView(InnovationUnitRequiredMixin, View):
    """Sends a failed email again."""

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk)
        try:
            notification_retry(notification_id=notification.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The email has been queued to be sent again."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("notifications:outbox")
        return redirect(target)


class NotificationPreferencesView(LoginRequiredMixin, FormView):
    """알림 설정. Who: anyone signed in, from the header's "Notification settings" link, the
    notification list or a digest email. What for: to choose, per kind of notification grouped
    as they think of their work, whether it is emailed at once, gathered in one email a day, or
    shown in the portal only, after reading what each choice means and which notices cannot
    be switched off. Next: they save and stay on the page with a success message and their
    choices kept; a refused choice comes back as an error on that kind, everything else they
    chose still selected."""

    template_name = "notifications/preferences.html"
    form_class = NotificationPreferencesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current": preference_choices(self.request.user)}

    def form_valid(self, form):
        try:
            chosen = {kind: delivery for kind, delivery in form.cleaned_data.items() if delivery}
            changed = preferences_save(user=self.request.user, choices=chosen)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        if changed:
            messages.success(
                self.request,
                ngettext(
                    "Your notification settings have been saved: %(count)s kind changed.",
                    "Your notification settings have been saved: %(count)s kinds changed.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        else:
            messages.info(
                self.request, _("Nothing changed: your notification settings are as they were.")
            )
        return redirect("notifications:preferences")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            choices=Delivery,
            digest_at=getattr(settings, "NOTIFICATION_DIGEST_AT", "08:00"),
            crumbs=[
                (_("Notifications"), reverse("notifications:list")),
                (_("Notification settings"), ""),
            ],
            **kwargs,
        )
