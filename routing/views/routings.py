"""A department's inbox and a routing's page, with the state changes posted from it: the
liaison's answer and progress, the unit's re-route decision and move."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from accounts.models import Department
from accounts.permissions import is_innovation_unit, is_liaison
from core.forms import add_form_errors
from core.paging import WindowPaginator

from .. import idea_bank, permissions, selectors, services
from ..enums import RoutingStatus
from ..forms import AnswerForm, MoveForm, ProgressForm, RerouteDecisionForm
from ..models import Routing
from .common import PAGE_SIZE, CrumbsMixin


class InboxView(LoginRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/inbox.html"
    context_object_name = "routings"
    paginate_by = PAGE_SIZE
    paginator_class = WindowPaginator

    def get_crumbs(self):
        return [(_("Department inbox"), "")]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_liaison(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = Routing.objects.filter(
            department_id__in=permissions.liaison_department_ids(self.request.user)
        )
        status = self.request.GET.get("status", "")
        if status == "overdue":
            queryset = queryset.filter(selectors.overdue_q(timezone.localdate()))
        elif status == "due_soon":
            queryset = queryset.filter(selectors.due_soon_q(timezone.localdate()))
        elif status in RoutingStatus.values:
            queryset = queryset.filter(status=status)
        return selectors.routing_table(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=RoutingStatus.choices,
            current_status=self.request.GET.get("status", ""),
            soon_days=selectors.DUE_SOON_DAYS,
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
        if is_innovation_unit(user):
            return [(_("Routing tracking"), reverse("routing:tracking")), here]
        if routing.department_id in permissions.liaison_department_ids(user):
            return [(_("Department inbox"), reverse("routing:inbox")), here]
        return [(routing.proposal.title, routing.proposal.get_absolute_url()), here]

    def get_queryset(self):
        return selectors.routing_detail(Routing.objects.all())

    def get_object(self, queryset=None):
        routing = super().get_object(queryset)
        if not permissions.can_view_routing(self.request.user, routing):
            raise Http404
        return routing

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
            "move_form": MoveForm() if is_innovation_unit(user) else None,
        }
        forms.update({name: form for name, form in kwargs.items() if name.endswith("_form")})
        proposal = routing.proposal
        return super().get_context_data(
            proposal=proposal,
            review=selectors.proposal_review(proposal),
            other_routings=list(selectors.other_routings(routing)),
            is_liaison_here=routing.department_id in permissions.liaison_department_ids(user),
            can_manage=is_innovation_unit(user),
            idea_feedback=idea_bank.idea_feedback(proposal.pk)
            if is_innovation_unit(user)
            or routing.department_id in permissions.liaison_department_ids(user)
            else None,
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
                add_form_errors(form, error)
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
        return is_innovation_unit(user)

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
        return is_innovation_unit(user)

    def perform(self, form, routing):
        services.routing_move(
            routing=routing,
            by=self.request.user,
            to_department=form.cleaned_data["to_department"],
            note=form.cleaned_data["note"],
        )
