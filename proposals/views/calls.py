"""Calls: the public list and page, and the innovation unit's pages to create and edit calls,
extend the deadline, post notices and list (and export) the submissions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from core.deadlines import call_dates
from core.exports import FORMATS, export_response
from core.forms import add_form_errors
from core.ical import CONTENT_TYPE, calendar_bytes
from core.panels import call_panels

from .. import permissions, selectors, services
from ..extra_answers import answer_cells, with_answer_columns
from ..filters import SubmissionFilter
from ..forms import CallForm, CallNoticeForm, CallQuestionForm, ExtendDeadlineForm
from ..models import Call
from .common import CallInUrlMixin


class CallListView(ListView):
    template_name = "proposals/call_list.html"
    context_object_name = "calls"
    paginate_by = 20

    def get_queryset(self):
        return selectors.call_list()


class CallDetailView(DetailView):
    """A call's page: its facts, description and notices, and the viewer's own proposals to it.
    The management links follow the header's role flags (``nav_is_innovation_unit``), as the
    menu does: they only decide what is shown, and each of those views checks the role itself."""

    model = Call
    template_name = "proposals/call_detail.html"
    context_object_name = "call"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        call = self.object
        context["can_propose"] = permissions.can_propose_to(user, call)
        context["panels"] = call_panels(self.request, call)
        if user.is_authenticated:
            context["my_proposals"] = selectors.my_proposals_in_call(user, call)
            context["my_questions"] = selectors.my_questions_in_call(user, call)
            context["can_ask"] = services.can_ask(user, call)
            context["question_form"] = CallQuestionForm()
            if is_innovation_unit(user):
                context["unanswered_questions"] = selectors.unanswered_question_count(call)
        return context


class CallCalendarView(View):
    """A call's dates as an ``.ics`` file (opening, deadline, screening and decision where the
    call has them, expected results): public, like the call's page. Who comes: staff on the
    call's page who want its dates in their own calendar; they open the file in Outlook or a
    phone, which adds the events (the same UIDs as in the personal feed, so a later download
    updates them)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        call = get_object_or_404(Call, pk=pk)
        response = HttpResponse(calendar_bytes(call_dates(call), name=call.title), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="call-{call.pk}.ics"'
        return response


class CallCreateView(InnovationUnitRequiredMixin, CreateView):
    template_name = "proposals/call_form.html"
    form_class = CallForm

    def form_valid(self, form):
        try:
            call = services.call_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been created."))
        return redirect(call)


class CallUpdateView(InnovationUnitRequiredMixin, UpdateView):
    template_name = "proposals/call_form.html"
    form_class = CallForm
    model = Call

    def form_valid(self, form):
        try:
            call = services.call_update(call=self.object, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been saved."))
        return redirect(call)


class CallExtendView(CallInUrlMixin, InnovationUnitRequiredMixin, FormView):
    template_name = "proposals/call_extend.html"
    form_class = ExtendDeadlineForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def form_valid(self, form):
        try:
            services.call_extend_deadline(call=self.call, closes_at=form.cleaned_data["closes_at"], by=self.request.user)
        except ValidationError as error:
            form.add_error("closes_at", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The deadline has been extended and staff with drafts were told."))
        return redirect(self.call)


class CallNoticeCreateView(CallInUrlMixin, InnovationUnitRequiredMixin, FormView):
    template_name = "proposals/call_notice_form.html"
    form_class = CallNoticeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def form_valid(self, form):
        services.call_notice_post(call=self.call, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The notice has been posted."))
        return redirect(self.call)




class CallSubmissionsView(CallInUrlMixin, InnovationUnitRequiredMixin, ListView):
    """Every submission of a call, with filters, for the innovation unit."""

    template_name = "proposals/call_submissions.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = SubmissionFilter(self.request.GET or None, queryset=selectors.call_submissions(self.call))
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            call=self.call, filter=self.filterset, export_query=query.urlencode(), formats=FORMATS, **kwargs
        )
        return context


class CallSubmissionsExportView(CallSubmissionsView):
    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404
        questions = list(self.call.extra_questions.all())
        headers = [
            _("Reference number"), _("Title"), _("Status"), _("Proposer"), _("Proposer's department"),
            _("Owning department"), _("Keywords"), _("Submitted"), _("Attachments"),
            *(q.label for q in questions),
        ]
        rows = (
            [
                p.reference,
                p.title,
                p.get_status_display(),
                p.proposer.full_name,
                p.proposer.department.name if p.proposer.department_id else "",
                p.owning_department.name if p.owning_department_id else "",
                p.keywords,
                timezone.localtime(p.submitted_at).strftime("%Y-%m-%d %H:%M") if p.submitted_at else "",
                p.attachment_count,
                *answer_cells(p, questions),
            ]
            for p in with_answer_columns(self.get_queryset(), questions).iterator(chunk_size=500)
        )
        return export_response(fmt=fmt, filename=f"{self.call.code}-submissions", headers=headers, rows=rows)
