
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.edit import CreateView, DeleteView, UpdateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.models import Department, DepartmentUserObjectPermission
from core.exports import export_response
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal

from . import permissions, selectors, services
from .enums import ReviewVerdict, RoutingStatus
from .forms import (
    AnswerForm,
    AnswerTemplateForm,
    BulkReviewForm,
    CallRoutingSettingsForm,
    LiaisonForm,
    MoveForm,
    ProgressForm,
    RerouteDecisionForm,
    ReviewForm,
    active_departments,
)
from .models import AnswerTemplate, CallRoutingSettings, Routing

PAGE_SIZE = 25




class CrumbsMixin:
    """Puts the breadcrumb trail (``includes/breadcrumb.html``) in the context."""

    def get_crumbs(self) -> list[tuple[str, str]]:
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=self.get_crumbs(), **kwargs)


def _review_crumb() -> tuple[str, str]:
    return (_("Practical-effect review"), reverse("routing:review-call-list"))


def _call_crumb(call: Call) -> tuple[str, str]:
    return (call.code, reverse("routing:review-queue", kwargs={"call_pk": call.pk}))


def _form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- Review (innovation unit) -------------------------------------------------------------


class ReviewCallListView(InnovationUnitRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/review_call_list.html"
    context_object_name = "calls"

    def get_crumbs(self):
        return [(_("Practical-effect review"), "")]

    def get_queryset(self):
        return selectors.calls_with_not_selected()


class CallMixin:
    def get_call(self) -> Call:
        if not hasattr(self, "_call"):
            self._call = get_object_or_404(Call, pk=self.kwargs["call_pk"])
        return self._call


class ReviewQueueView(InnovationUnitRequiredMixin, CallMixin, CrumbsMixin, TemplateView):
    template_name = "routing/review_queue.html"

    def get_crumbs(self):
        return [_review_crumb(), (self.get_call().code, "")]

    def get_context_data(self, **kwargs):
        call = self.get_call()
        settings_row = CallRoutingSettings.objects.filter(call=call).first() or CallRoutingSettings(
            call=call
        )
        return super().get_context_data(
            call=call,
            queue=list(selectors.review_queue(call)),
            reviews=list(selectors.reviewed_proposals(call)),
            settings_form=kwargs.pop("settings_form", None)
            or CallRoutingSettingsForm(instance=settings_row),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        call = self.get_call()
        form = CallRoutingSettingsForm(request.POST)
        if form.is_valid():
            services.call_routing_settings_update(
                call=call, answer_due_days=form.cleaned_data["answer_due_days"], by=request.user
            )
            messages.success(request, _("The answer period was saved."))
            return redirect("routing:review-queue", call_pk=call.pk)
        return self.render_to_response(self.get_context_data(settings_form=form))


class ProposalReviewView(InnovationUnitRequiredMixin, CrumbsMixin, FormView):
    template_name = "routing/proposal_review.html"
    form_class = ReviewForm

    def get_crumbs(self):
        return [_review_crumb(), _call_crumb(self.proposal.call), (self.proposal.reference, "")]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_review(request.user):
            self.proposal = get_object_or_404(
                Proposal.objects.select_related("call", "proposer", "owning_department"),
                pk=kwargs["pk"],
                status=ProposalStatus.NOT_SELECTED,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.proposal}

    def get_initial(self):
        initial = {"verdict": ReviewVerdict.ROUTE}
        if self.proposal.owning_department_id:
            initial["departments"] = [self.proposal.owning_department_id]
            initial["lead_department"] = self.proposal.owning_department_id
        template_id = self.request.GET.get("template", "")
        template = (
            AnswerTemplate.objects.filter(pk=template_id, is_active=True).first()
            if template_id.isdigit()
            else None
        )
        if template is not None:
            initial["verdict"] = template.verdict
            text_field = {
                ReviewVerdict.ALREADY_DONE: "where_done",
                ReviewVerdict.NOT_FEASIBLE: "reason",
            }.get(ReviewVerdict(template.verdict), "note")
            initial[text_field] = template.body
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal,
            templates=AnswerTemplate.objects.filter(is_active=True),
            already_reviewed=hasattr(self.proposal, "routing_review"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.proposal_review(
                proposal=self.proposal,
                by=self.request.user,
                verdict=data["verdict"],
                note=data["note"],
                departments=list(data["departments"] or []),
                lead_department=data["lead_department"],
                where_done=data["where_done"],
                reason=data["reason"],
                merged_into=data["merged_into"],
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The review of “%(title)s” was recorded.") % {"title": self.proposal.title},
        )
        return redirect("routing:review-queue", call_pk=self.proposal.call_id)


class BulkReviewView(InnovationUnitRequiredMixin, CallMixin, CrumbsMixin, FormView):
    template_name = "routing/bulk_review.html"
    form_class = BulkReviewForm

    def get_crumbs(self):
        return [_review_crumb(), _call_crumb(self.get_call()), (_("Review several proposals"), "")]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "proposals": selectors.review_queue(self.get_call()),
            "departments": list(active_departments()),
            "templates": AnswerTemplate.objects.filter(is_active=True),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.get_call(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        verdict = ReviewVerdict(data["verdict"])
        text = data["text"]
        try:
            reviews = services.proposals_bulk_review(
                items=[services.BulkItem(proposal=p, department=d) for p, d in data["items"]],
                by=self.request.user,
                verdict=verdict,
                note=text if verdict == ReviewVerdict.ROUTE else "",
                where_done=text if verdict == ReviewVerdict.ALREADY_DONE else "",
                reason=text if verdict == ReviewVerdict.NOT_FEASIBLE else "",
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(count)s proposals were reviewed.") % {"count": len(reviews)}
        )
        return redirect("routing:review-queue", call_pk=self.get_call().pk)


# --- Department inbox and routing page ----------------------------------------------------


class InboxView(LoginRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/inbox.html"
    context_object_name = "routings"
    paginate_by = PAGE_SIZE

    def get_crumbs(self):
        return [(_("Department inbox"), "")]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = Routing.objects.filter(
            department_id__in=permissions.liaison_department_ids(self.request.user)
        )
        status = self.request.GET.get("status", "")
        if status == "overdue":
            queryset = queryset.filter(
                status=RoutingStatus.AWAITING, due_on__lt=timezone.localdate()
            )
        elif status in RoutingStatus.values:
            queryset = queryset.filter(status=status)
        return selectors.routing_table(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=RoutingStatus.choices,
            current_status=self.request.GET.get("status", ""),
            departments=Department.objects.filter(
                pk__in=permissions.liaison_department_ids(self.request.user)
            ),
            **kwargs,
        )


class RoutingDetailView(LoginRequiredMixin, CrumbsMixin, DetailView):
    template_name = "routing/routing_detail.html"
    context_object_name = "routing"

    def get_crumbs(self):
        routing, user = self.object, self.request.user
        here = (f"{routing.proposal.reference} · {routing.department.name}", "")
        if permissions.can_manage_routing(user):
            return [(_("Routing tracking"), reverse("routing:tracking")), here]
        if routing.department_id in permissions.liaison_department_ids(user):
            return [(_("Department inbox"), reverse("routing:inbox")), here]
        return [(routing.proposal.title, routing.proposal.get_absolute_url()), here]

    def get_queryset(self):
        return selectors.routing_detail(permissions.visible_routings(self.request.user))

    def get_context_data(self, **kwargs):
        routing = self.object
        user = self.request.user
        forms = {
            "answer_form": AnswerForm() if permissions.can_answer(user, routing) else None,
            "progress_form": ProgressForm()
            if permissions.can_update_progress(user, routing)
            else None,
            "decision_form": RerouteDecisionForm()
            if permissions.can_decide_reroute(user, routing)
            else None,
            "move_form": MoveForm() if permissions.can_move(user, routing) else None,
        }
        forms.update({name: form for name, form in kwargs.items() if name.endswith("_form")})
        proposal = routing.proposal
        return super().get_context_data(
            proposal=proposal,
            review=getattr(proposal, "routing_review", None),
            other_routings=list(selectors.other_routings(routing)),
            is_liaison_here=routing.department_id in permissions.liaison_department_ids(user),
            can_manage=permissions.can_manage_routing(user),
            **{**kwargs, **forms},
        )


class RoutingActionView(RoutingDetailView):
    """POST-only: one state change on a routing, re-showing the routing page on errors."""

    form_class = None
    form_name = ""
    http_method_names = ["post"]

    def allowed(self, user, routing: Routing) -> bool:
        raise NotImplementedError

    def perform(self, form, routing: Routing) -> None:
        raise NotImplementedError

    success_message = ""

    def post(self, request, *args, **kwargs):
        self.object = routing = self.get_object()
        if not self.allowed(request.user, routing):
            raise PermissionDenied
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form, routing)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(routing.get_absolute_url())
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)


class RoutingAnswerView(RoutingActionView):
    form_class = AnswerForm
    form_name = "answer_form"
    success_message = gettext_lazy("The department's answer was recorded.")

    def allowed(self, user, routing):
        return routing.department_id in permissions.liaison_department_ids(user)

    def perform(self, form, routing):
        data = form.cleaned_data
        services.routing_answer(
            routing=routing,
            by=self.request.user,
            status=data["status"],
            text=data["text"],
            target_date=data["target_date"],
            reroute_to=data["reroute_to"],
        )


class RoutingProgressView(RoutingActionView):
    form_class = ProgressForm
    form_name = "progress_form"
    success_message = gettext_lazy("The progress update was recorded.")

    def allowed(self, user, routing):
        return routing.department_id in permissions.liaison_department_ids(user)

    def perform(self, form, routing):
        services.routing_progress_update(
            routing=routing,
            by=self.request.user,
            text=form.cleaned_data["text"],
            implemented=form.cleaned_data["implemented"],
        )


class RoutingRerouteDecisionView(RoutingActionView):
    form_class = RerouteDecisionForm
    form_name = "decision_form"
    success_message = gettext_lazy("The decision on the re-route request was recorded.")

    def allowed(self, user, routing):
        return permissions.can_manage_routing(user)

    def perform(self, form, routing):
        services.routing_reroute_decide(
            routing=routing,
            by=self.request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )


class RoutingMoveView(RoutingActionView):
    form_class = MoveForm
    form_name = "move_form"
    success_message = gettext_lazy("The proposal was moved to the other department.")

    def allowed(self, user, routing):
        return permissions.can_move(user, routing)

    def perform(self, form, routing):
        services.routing_move(
            routing=routing,
            by=self.request.user,
            to_department=form.cleaned_data["to_department"],
            note=form.cleaned_data["note"],
        )


# --- Tracking (innovation unit) -----------------------------------------------------------

LIST_CHOICES = {
    "overdue": pgettext_lazy("routing", "Overdue"),
    "reroute": gettext_lazy("Re-route requests"),
    "flagged": gettext_lazy("Closed departments"),
    "all": gettext_lazy("All routed proposals"),
}


class TrackingFilterMixin:
    def tracking_filters(self) -> dict:
        call_id = self.request.GET.get("call", "")
        call = Call.objects.filter(pk=call_id).first() if call_id.isdigit() else None
        show = self.request.GET.get("show", "overdue")
        if show not in LIST_CHOICES:
            show = "overdue"
        return {"call": call, "show": show}

    def tracked(self, call, show):
        return selectors.tracked_routings(
            call=call,
            overdue=show == "overdue",
            reroute_requested=show == "reroute",
            flagged=show == "flagged",
        )


class TrackingView(InnovationUnitRequiredMixin, TrackingFilterMixin, CrumbsMixin, ListView):
    template_name = "routing/tracking.html"
    context_object_name = "routings"
    paginate_by = PAGE_SIZE

    def get_crumbs(self):
        return [_review_crumb(), (_("Routing tracking"), "")]

    def get_queryset(self):
        self.filters = self.tracking_filters()
        return self.tracked(**self.filters)

    def get_context_data(self, **kwargs):
        call = self.filters["call"]
        return super().get_context_data(
            by_call=list(selectors.tracking_by_call()),
            by_department=list(selectors.tracking_by_department(call)),
            calls=list(Call.objects.order_by("-opens_at").only("pk", "title", "code")),
            current_call=call,
            show=self.filters["show"],
            list_choices=LIST_CHOICES.items(),
            list_label=LIST_CHOICES[self.filters["show"]],
            **kwargs,
        )


EXPORT_HEADERS = [
    gettext_lazy("Call"),
    gettext_lazy("Reference number"),
    gettext_lazy("Title"),
    gettext_lazy("Proposer"),
    gettext_lazy("Department"),
    gettext_lazy("Leading department"),
    gettext_lazy("Routed"),
    gettext_lazy("Answer due"),
    gettext_lazy("Status"),
    pgettext_lazy("routing", "Overdue"),
    gettext_lazy("First answered"),
    gettext_lazy("Target date"),
    gettext_lazy("Latest answer or update"),
    gettext_lazy("Department closed"),
]


def _export_row(routing: Routing) -> list:
    events = [e for e in routing.events.all() if e.text]
    yes, no = _("Yes"), _("No")
    return [
        routing.proposal.call.code,
        routing.proposal.reference,
        routing.proposal.title,
        str(routing.proposal.proposer),
        routing.department.name,
        yes if routing.is_lead else no,
        timezone.localtime(routing.routed_at).strftime("%Y-%m-%d"),
        routing.due_on.isoformat(),
        routing.get_status_display(),
        yes if routing.is_overdue else no,
        timezone.localtime(routing.answered_at).strftime("%Y-%m-%d") if routing.answered_at else "",
        routing.target_date.isoformat() if routing.target_date else "",
        events[-1].text if events else "",
        yes if routing.department_closed else no,
    ]


class TrackingExportView(InnovationUnitRequiredMixin, TrackingFilterMixin, View):
    def get(self, request, fmt):
        filters = self.tracking_filters()
        routings = selectors.export_rows(self.tracked(**filters))
        stamp = timezone.localtime().strftime("%Y%m%d")
        filename = f"routing-{filters['call'].code if filters['call'] else 'all'}-{filters['show']}-{stamp}"
        return export_response(
            fmt=fmt,
            filename=filename,
            headers=[str(h) for h in EXPORT_HEADERS],
            rows=(_export_row(r) for r in routings),
            sheet_title=_("Routing"),
        )


# --- Answer templates (innovation unit) ---------------------------------------------------


class AnswerTemplateListView(InnovationUnitRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/template_list.html"
    context_object_name = "templates"

    def get_crumbs(self):
        return [_review_crumb(), (_("Answer templates"), "")]

    queryset = AnswerTemplate.objects.order_by("-is_active", "title", "id")


class AnswerTemplateSaveMixin(InnovationUnitRequiredMixin, CrumbsMixin):
    model = AnswerTemplate
    form_class = AnswerTemplateForm
    template_name = "routing/template_form.html"

    def get_crumbs(self):
        here = _("Edit answer template") if self.object else _("New answer template")
        return [
            _review_crumb(),
            (_("Answer templates"), reverse("routing:template-list")),
            (here, ""),
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.answer_template_save(
                by=self.request.user,
                template=self.object if self.object and self.object.pk else None,
                **data,
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer template was saved."))
        return redirect("routing:template-list")


class AnswerTemplateCreateView(AnswerTemplateSaveMixin, CreateView):
    pass


class AnswerTemplateUpdateView(AnswerTemplateSaveMixin, UpdateView):
    pass


class AnswerTemplateDeleteView(InnovationUnitRequiredMixin, CrumbsMixin, DeleteView):
    model = AnswerTemplate
    template_name = "routing/template_confirm_delete.html"
    context_object_name = "template"

    def get_crumbs(self):
        return [
            _review_crumb(),
            (_("Answer templates"), reverse("routing:template-list")),
            (_("Delete answer template"), ""),
        ]

    def form_valid(self, form):
        services.answer_template_delete(template=self.object, by=self.request.user)
        messages.success(self.request, _("The answer template was deleted."))
        return redirect("routing:template-list")


# --- Liaisons (innovation unit) -----------------------------------------------------------


class LiaisonListView(InnovationUnitRequiredMixin, CrumbsMixin, FormView):
    template_name = "routing/liaison_list.html"
    form_class = LiaisonForm

    def get_crumbs(self):
        return [_review_crumb(), (_("Department liaisons"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(grants=list(selectors.liaison_grants()), **kwargs)

    def form_valid(self, form):
        try:
            services.liaison_designate(
                department=form.cleaned_data["department"],
                user=form.cleaned_data["user"],
                by=self.request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s is now a liaison of %(department)s.")
            % {"person": form.cleaned_data["user"], "department": form.cleaned_data["department"]},
        )
        return redirect("routing:liaison-list")


class LiaisonRemoveView(InnovationUnitRequiredMixin, View):
    def post(self, request, pk):
        grant = get_object_or_404(
            DepartmentUserObjectPermission.objects.select_related("user", "content_object"),
            pk=pk,
            permission__codename="act_as_liaison",
        )
        services.liaison_revoke(department=grant.content_object, user=grant.user, by=request.user)
        messages.success(
            request,
            _("%(person)s is no longer a liaison of %(department)s.")
            % {"person": grant.user, "department": grant.content_object},
        )
        return redirect(reverse("routing:liaison-list"))
