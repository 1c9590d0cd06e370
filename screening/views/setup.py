"""The innovation unit sets up a screening: its settings, its rubric and its board, then opens
it. (The list of screenings is here too: the unit's calls, or a board member's own.)"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.permissions import is_innovation_unit
from core.confirm import confirmation_page, is_confirmed
from core.forms import error_text
from proposals.enums import CallPhase

from .. import permissions, selectors, services
from ..forms import (
    BoardMemberForm,
    CriterionFormSet,
    CriterionLevelsForm,
    OutsideEvaluatorForm,
    ScreeningSettingsForm,
    criterion_initial,
)
from ..models import Criterion, Screening
from .mixins import ManagerMixin

DEFAULT_SCREENING_PERIOD = timedelta(days=14)


class ScreeningListView(LoginRequiredMixin, ListView):
    """The innovation unit's calls to screen, or a board member's own screenings."""

    template_name = "screening/screening_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.listed_calls(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            is_manager=is_innovation_unit(self.request.user),
            crumbs=[(_("Screening"), "")],
        )


class SetupView(ManagerMixin, FormView):
    template_name = "screening/setup.html"
    form_class = ScreeningSettingsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.screening or Screening(
            call=self.call, deadline=self.call.closes_at + DEFAULT_SCREENING_PERIOD
        )
        kwargs["locked"] = bool(self.screening and self.screening.opened_at)
        return kwargs

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in ScreeningSettingsForm.Meta.fields}
        try:
            services.screening_configure(call=self.call, by=self.request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The screening settings were saved."))
        return HttpResponseRedirect(reverse("screening:setup", kwargs={"call_pk": self.call.pk}))

    def get_context_data(self, **kwargs):
        screening = self.screening
        return super().get_context_data(
            **kwargs,
            criteria=list(screening.criteria.all()) if screening else [],
            member_count=selectors.board_members(self.call).count(),
            entry_count=permissions.entries(self.call).count(),
            phase=self.call.phase,
            can_open=screening is not None and self.call.phase == CallPhase.CLOSED,
        )


class OpenView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.screening_open(call=self.call, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The screening is open; the board has been told."))
        return HttpResponseRedirect(reverse("screening:setup", kwargs={"call_pk": self.call.pk}))


class CriteriaView(ManagerMixin, TemplateView):
    template_name = "screening/criteria.html"

    def get(self, request, *args, **kwargs):
        screening = self.require_screening()
        formset = CriterionFormSet(initial=criterion_initial(selectors.rubric(screening)))
        return self.render_to_response(self.get_context_data(formset=formset))

    def post(self, request, *args, **kwargs):
        screening = self.require_screening()
        formset = CriterionFormSet(request.POST)
        if formset.is_valid():
            rows = [
                {**form.cleaned_data, "delete": form.cleaned_data.get("DELETE", False)}
                for form in formset.forms
                if form.cleaned_data
            ]
            try:
                services.rubric_update(screening=screening, by=request.user, rows=rows)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The criteria were saved."))
                return HttpResponseRedirect(reverse("screening:criteria", kwargs={"call_pk": self.call.pk}))
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        published = self.screening.criteria_published_at is not None
        locked = published or self.screening.reviews.exists() or self.screening.is_decided
        return super().get_context_data(
            **kwargs, published=published, locked=locked,
            criteria=selectors.rubric(self.screening) if locked else [],
        )


class CriterionLevelsView(ManagerMixin, TemplateView):
    """What each level of one criterion means: one text input per level of the scale. Read
    only once scoring has started (``services.criterion_levels_update``)."""

    template_name = "screening/criterion_levels.html"

    @cached_property
    def criterion(self) -> Criterion:
        return get_object_or_404(self.require_screening().criteria, pk=self.kwargs["criterion_pk"])

    def levels_form(self, data=None) -> CriterionLevelsForm:
        return CriterionLevelsForm(
            data,
            criterion=self.criterion,
            scale_max=self.screening.scale_max,
            max_length=services.LEVEL_MEANING_MAX_LENGTH,
        )

    def post(self, request, *args, **kwargs):
        form = self.levels_form(request.POST)
        if form.is_valid():
            try:
                services.criterion_levels_update(criterion=self.criterion, by=request.user, meanings=form.meanings())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The meanings of the levels of %(name)s were saved.") % {"name": self.criterion.name}
                )
                return HttpResponseRedirect(reverse("screening:criteria", kwargs={"call_pk": self.call.pk}))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        criterion = self.criterion
        form = kwargs.pop("form", None) or self.levels_form()
        return super().get_context_data(
            **kwargs,
            criterion=criterion,
            form=form,
            levels=criterion.level_meanings(self.screening.scale_max),
            locked=self.screening.reviews.exists() or self.screening.is_decided,
        )


class CriteriaPublishView(ManagerMixin, View):
    """Shows the criteria on the call's page (fixed from then on)."""

    def post(self, request, *args, **kwargs):
        screening = self.require_screening()
        criteria_url = reverse("screening:criteria", kwargs={"call_pk": self.call.pk})
        if not is_confirmed(request):
            return confirmation_page(
                request,
                title=_("Publish the criteria"),
                statement=_(
                    "The %(count)s criteria will be shown on the call's page for proposers to read. "
                    "From then on they can no longer be changed."
                ) % {"count": screening.criteria.count()},
                confirm_label=_("Publish"),
                cancel_url=criteria_url,
                crumbs=[(self.call.title, self.call.get_absolute_url())],
            )
        try:
            services.criteria_publish(screening=screening, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The criteria are now shown on the call's page."))
        return HttpResponseRedirect(criteria_url)


class BoardView(ManagerMixin, TemplateView):
    """The board: its members, the people picker to add one, and the outside-evaluator form."""

    template_name = "screening/board.html"

    def get_context_data(self, **kwargs):
        self.require_screening()
        evaluator_form = kwargs.pop("evaluator_form", None) or OutsideEvaluatorForm()
        member_form = kwargs.pop("member_form", None) or BoardMemberForm()
        return super().get_context_data(
            **kwargs,
            member_form=member_form,
            members=list(selectors.board_members(self.call)),
            reviewed=selectors.board_reviewer_ids(self.call),
            evaluator_form=evaluator_form,
        )


class BoardAddView(ManagerMixin, View):
    """Adds the person named by ``employee_number`` (typed, or chosen with the people picker);
    a refusal is shown on the board page's form."""

    def post(self, request, *args, **kwargs):
        form = BoardMemberForm(request.POST)
        if form.is_valid():
            user = form.cleaned_data["employee_number"]
            try:
                services.board_member_add(call=self.call, user=user, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is now on the board.") % {"name": user.full_name})
                return HttpResponseRedirect(reverse("screening:board", kwargs={"call_pk": self.call.pk}))
        view = BoardView(request=request, kwargs=self.kwargs, args=self.args)
        return view.render_to_response(view.get_context_data(member_form=form))


class BoardRemoveView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        user = get_object_or_404(selectors.board_members(self.call), pk=kwargs["user_pk"])
        try:
            services.board_member_remove(call=self.call, user=user, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(name)s is no longer on the board.") % {"name": user.full_name})
        return HttpResponseRedirect(reverse("screening:board", kwargs={"call_pk": self.call.pk}))


class OutsideEvaluatorView(ManagerMixin, FormView):
    form_class = OutsideEvaluatorForm

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("screening:board", kwargs={"call_pk": self.call.pk}))

    def form_valid(self, form):
        try:
            user = services.outside_evaluator_create(by=self.request.user, **form.cleaned_data)
            services.board_member_add(call=self.call, user=user, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s is now on the board.") % {"name": user.full_name})
        return HttpResponseRedirect(reverse("screening:board", kwargs={"call_pk": self.call.pk}))

    def form_invalid(self, form):
        view = BoardView(request=self.request, kwargs=self.kwargs, args=self.args)
        return view.render_to_response(view.get_context_data(evaluator_form=form))
