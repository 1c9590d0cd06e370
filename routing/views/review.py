"""The innovation unit's practical-effect review: the calls, a call's queue and its answer
period, one proposal's verdict, and many proposals at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from core.forms import add_form_errors
from core.paging import WindowPaginator, window_page
from proposals.enums import ProposalStatus
from proposals.models import Proposal

from .. import selectors, services
from ..enums import ReviewVerdict
from ..forms import BulkReviewForm, CallRoutingSettingsForm, ReviewForm, active_departments
from ..models import AnswerTemplate, CallRoutingSettings
from .common import LIST_PAGE_SIZE, PAGE_SIZE, CallMixin, CrumbsMixin, call_crumb, review_crumb


class ReviewCallListView(InnovationUnitRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/review_call_list.html"
    context_object_name = "calls"
    paginate_by = LIST_PAGE_SIZE
    paginator_class = WindowPaginator

    def get_crumbs(self):
        return [(_("Practical-effect review"), "")]

    def get_queryset(self):
        return selectors.calls_with_not_selected()


class ReviewQueueView(InnovationUnitRequiredMixin, CallMixin, CrumbsMixin, TemplateView):
    template_name = "routing/review_queue.html"

    def get_crumbs(self):
        return [review_crumb(), (self.get_call().code, "")]

    def get_context_data(self, **kwargs):
        call = self.get_call()
        settings_row = CallRoutingSettings.objects.filter(call=call).first() or CallRoutingSettings(
            call=call
        )
        request = self.request
        return super().get_context_data(
            call=call,
            queue=window_page(request, selectors.review_queue(call), per_page=PAGE_SIZE),
            reviews=window_page(
                request,
                selectors.reviewed_proposals(call),
                per_page=PAGE_SIZE,
                page_kwarg="reviewed_page",
            ),
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
        return [review_crumb(), call_crumb(self.proposal.call), (self.proposal.reference, "")]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_innovation_unit(request.user):
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
            add_form_errors(form, error)
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
        return [review_crumb(), call_crumb(self.get_call()), (_("Review several proposals"), "")]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "proposals": self.proposals(),
            "departments": active_departments(),
            "templates": AnswerTemplate.objects.filter(is_active=True),
        }

    def proposals(self):
        """A page of the queue to choose from; on a post, the queue's proposals picked."""
        queue = selectors.review_queue(self.get_call())
        picked = [key[5:] for key in self.request.POST if key.startswith("pick_")]
        picked = [pk for pk in picked if pk.isdigit()][:PAGE_SIZE]
        if self.request.method == "POST" and picked:
            self.page = None
            return queue.filter(pk__in=picked)
        self.page = window_page(self.request, queue, per_page=PAGE_SIZE)
        return self.page.object_list

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.get_form()  # builds the page
        return super().get_context_data(
            call=self.get_call(), form=form, page_obj=self.page, **kwargs
        )

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
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(count)s proposals were reviewed.") % {"count": len(reviews)}
        )
        return redirect("routing:review-queue", call_pk=self.get_call().pk)
