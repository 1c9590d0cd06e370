"""My data (개인정보 열람·정정, PIPA 제35조·제36조): a person's page, their download, and the
innovation unit's queue and handling of correction requests."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from accounts.mixins import InnovationUnitRequiredMixin
from core.forms import add_form_errors
from core.paging import WindowPaginator
from core.personal_data import personal_data_sections

from . import selectors
from .corrections import correction_handle, correction_submit, may_handle
from .enums import CorrectionStatus
from .forms import CorrectionFilterForm, CorrectionHandleForm, CorrectionRequestForm
from .models import CorrectionRequest
from .mydata import download_name, my_data, my_data_json

MY_DATA = gettext_lazy("My data")
CORRECTIONS = gettext_lazy("Correction requests")


class MyDataView(LoginRequiredMixin, View):
    """내 개인정보. Who comes: anyone signed in, from the link in the page header or footer or
    the privacy notice. What for: to see what the portal holds about them (a count per section),
    to download all of it as one file, to ask for a correction and to see how earlier requests
    were answered. Next: they download the file, or send a correction request and wait for the
    notification (the unit answers within 10 days)."""

    template_name = "privacy/my_data.html"

    def render_page(self, form, status=200):
        sections = my_data(self.request.user)
        context = {
            # What is held comes first; the sections holding nothing are named in one line.
            "sections": [s for s in sections if s.count],
            "empty_sections": [s for s in sections if not s.count],
            "total": sum(s.count for s in sections),
            "form": form,
            "corrections": selectors.corrections_of(self.request.user),
            "due_days": CorrectionRequest.HANDLE_WITHIN_DAYS,
            "crumbs": [(MY_DATA, "")],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(CorrectionRequestForm(sections=personal_data_sections()))

    def post(self, request):
        form = CorrectionRequestForm(request.POST, sections=personal_data_sections())
        if form.is_valid():
            try:
                correction_submit(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your correction request has been sent. The innovation unit answers within 10 days; you will be notified."),
                )
                return redirect(reverse("privacy:my-data") + "#corrections-heading")
        return self.render_page(form, status=400)


class MyDataDownloadView(LoginRequiredMixin, View):
    """The download: everything the portal holds about the signed-in person, as one JSON file.
    Logged in the personal-data access log with the person as subject
    (``privacy.access.PERSONAL_DATA_URLS``)."""

    def get(self, request):
        response = HttpResponse(my_data_json(request.user), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{download_name(request.user)}"'
        response["Cache-Control"] = "no-store"
        return response


class CorrectionListView(InnovationUnitRequiredMixin, ListView):
    """정정 요구 목록. Who comes: the innovation unit, from its menu or the notification of a new
    request. What for: to see which requests wait and which are due (10 days from the request).
    Next: open a request to handle it. One query a page whatever the number of requests, plus
    the count per status."""

    template_name = "privacy/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 50
    paginator_class = WindowPaginator

    def get_queryset(self):
        self.form = CorrectionFilterForm(self.request.GET or None)
        self.status = self.form.cleaned_data.get("status", "") if self.form.is_valid() else ""
        return selectors.correction_queue(status=self.status)

    def get_context_data(self, **kwargs):
        counts = selectors.correction_status_counts()
        return super().get_context_data(
            form=self.form,
            status_counts=[(status, counts.get(status.value, 0)) for status in CorrectionStatus],
            matching_count=counts.get(self.status, 0) if self.status else sum(counts.values()),
            crumbs=[(CORRECTIONS, "")],
            **kwargs,
        )


class CorrectionDetailView(InnovationUnitRequiredMixin, View):
    """정정 요구 처리. Who comes: the innovation unit, from the queue or the notification. What
    for: to read what the person says is wrong and what it should be, see where that data comes
    from (an imported account's name, email, department and grade come from the HR system) and,
    once the data is corrected where it lives, record the answer: corrected, or not corrected
    with the reason. Next: the person is told; the unit goes back to the queue. Nobody handles
    their own request."""

    template_name = "privacy/correction_detail.html"

    def correction(self, pk) -> CorrectionRequest:
        return get_object_or_404(CorrectionRequest.objects.select_related("requester__department", "handled_by"), pk=pk)

    def render_page(self, correction, form, status=200):
        context = {
            "correction": correction,
            "person": correction.requester,
            "form": form,
            "may_handle": may_handle(self.request.user, correction),
            "crumbs": [(CORRECTIONS, reverse("privacy:correction-list")), (str(correction), "")],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(self.correction(pk), CorrectionHandleForm())

    def post(self, request, pk):
        correction = self.correction(pk)
        if not may_handle(request.user, correction):
            raise PermissionDenied
        form = CorrectionHandleForm(request.POST)
        if form.is_valid():
            try:
                correction_handle(
                    correction=correction,
                    by=request.user,
                    corrected=form.cleaned_data["result"] == CorrectionHandleForm.CORRECTED,
                    outcome=form.cleaned_data["outcome"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer has been recorded and the person notified."))
                return redirect("privacy:correction-list")
        return self.render_page(correction, form, status=400)
