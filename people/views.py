from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from accounts.mixins import InnovationUnitRequiredMixin
from core.confirm import confirmation_page, is_confirmed

from . import first_sign_in, services, tasks
from .enums import ImportStatus
from .forms import ImportUploadForm
from .models import ImportRecord

PAGE_SIZE = 25


def _list_crumb() -> tuple[str, str]:
    return (_("HR data import"), reverse("people:import-list"))


class ImportListView(InnovationUnitRequiredMixin, FormMixin, ListView):
    """The imports so far, and the upload form that starts a new one (checked, not applied)."""

    template_name = "people/import_list.html"
    context_object_name = "records"
    paginate_by = PAGE_SIZE
    form_class = ImportUploadForm

    def get_queryset(self):
        return ImportRecord.objects.select_related("created_by", "applied_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(crumbs=[(_("HR data import"), "")], **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                record = services.hr_import_create(
                    by=request.user,
                    org_file=form.cleaned_data["org_file"],
                    staff_file=form.cleaned_data["staff_file"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                tasks.enqueue(tasks.import_check, record)
                return redirect(record)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportDetailView(InnovationUnitRequiredMixin, DetailView):
    """The preview: what the import creates, changes, deactivates and closes, and every
    rejected row with its line number and reason; the apply button when nothing was rejected."""

    template_name = "people/import_detail.html"
    context_object_name = "record"
    queryset = ImportRecord.objects.select_related("created_by", "applied_by")

    def get_context_data(self, **kwargs):
        report = self.object.preview or {}
        return super().get_context_data(
            crumbs=[_list_crumb(), (self.object.label, "")],
            report=report,
            **kwargs,
        )


class ImportStatusView(InnovationUnitRequiredMixin, DetailView):
    """The status fragment polled by htmx while an import is being checked or applied; once
    it has finished the whole page is reloaded to show the result."""

    template_name = "people/_import_status.html"
    context_object_name = "record"
    queryset = ImportRecord.objects.all()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_running and self.request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class ImportApplyView(InnovationUnitRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(ImportRecord, pk=pk)
        if record.can_apply and record.people_deactivated and not is_confirmed(request):
            return self.confirmation(request, record)
        try:
            record = services.hr_import_request_apply(record=record, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(record)
        tasks.enqueue(tasks.import_apply, record)
        record.refresh_from_db()
        if record.status == ImportStatus.APPLIED:
            messages.success(request, _("The import was applied."))
        elif record.status == ImportStatus.FAILED:
            messages.error(request, record.error)
        else:
            messages.info(
                request, _("The import is being applied; this page shows when it is done.")
            )
        return redirect(record)

    def confirmation(self, request, record):
        """Deactivating people cannot be undone from the portal: the count from the preview,
        stated before anything is applied."""
        statement = ngettext(
            "%(count)d person will be deactivated: they are signed out, can no longer sign in, "
            "and their liaison roles end.",
            "%(count)d people will be deactivated: they are signed out, can no longer sign in, "
            "and their liaison roles end.",
            record.people_deactivated,
        ) % {"count": record.people_deactivated}
        return confirmation_page(
            request,
            title=_("Apply the import"),
            statement=statement,
            confirm_label=_("Apply the import"),
            cancel_url=record.get_absolute_url(),
            crumbs=[_list_crumb(), (record.label, record.get_absolute_url())],
        )


class SignInListView(InnovationUnitRequiredMixin, ListView):
    """Who of the imported people has signed in: the counts, and each person's last sign-in,
    password and first-sign-in email, filtered by ``?state=`` (never, signed_in, no_password).
    A fixed number of queries whatever the number of people."""

    template_name = "people/sign_in_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        self.state = self.request.GET.get("state", "")
        if self.state not in first_sign_in.STATES:
            self.state = ""
        return first_sign_in.sign_in_list(state=self.state)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=first_sign_in.sign_in_summary(),
            state=self.state,
            crumbs=[_list_crumb(), (_("Sign-ins of imported people"), "")],
            **kwargs,
        )


class SignInLinksSendView(InnovationUnitRequiredMixin, View):
    """Emails every imported person still without a password their first-sign-in link, after
    a confirmation step that states how many people will be emailed."""

    http_method_names = ["post"]

    def post(self, request):
        count = first_sign_in.awaiting_link().count()
        if not count:
            messages.info(request, _("Nobody is waiting for a first sign-in link."))
            return redirect("people:sign-in-list")
        if not is_confirmed(request):
            return self.confirmation(request, count)
        sent = first_sign_in.first_sign_in_links_send(by=request.user)
        messages.success(
            request,
            ngettext(
                "The first sign-in link is being emailed to %(count)d person.",
                "The first sign-in link is being emailed to %(count)d people.",
                sent,
            )
            % {"count": sent},
        )
        return redirect("people:sign-in-list")

    def confirmation(self, request, count: int):
        statement = ngettext(
            "%(count)d person will be emailed a link to set their password and sign in for the "
            "first time. Nobody is emailed twice: people who were sent the link before are left out.",
            "%(count)d people will be emailed a link to set their password and sign in for the "
            "first time. Nobody is emailed twice: people who were sent the link before are left out.",
            count,
        ) % {"count": count}
        title = _("Send first sign-in links")
        return confirmation_page(
            request,
            title=title,
            statement=statement,
            confirm_label=title,
            cancel_url=reverse("people:sign-in-list"),
            crumbs=[_list_crumb(), (_("Sign-ins of imported people"), reverse("people:sign-in-list"))],
        )
