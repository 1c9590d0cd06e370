from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.models import User
from core.exports import csv_stream_response, xlsx_response
from proposals.enums import CallPhase
from proposals.models import Call

from . import exports, permissions, selectors, services
from .enums import ReviewState, ScoreVisibility
from .forms import (
    AbstainForm,
    CriterionFormSet,
    DecisionForm,
    OutsideEvaluatorForm,
    PeopleSearchForm,
    ReviewForm,
    ScreeningSettingsForm,
    criterion_initial,
)
from .models import Review, Screening

DEFAULT_SCREENING_PERIOD = timedelta(days=14)
RANKING_CACHE_SECONDS = 600


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class ScreeningListView(LoginRequiredMixin, ListView):
    """The innovation unit's calls to screen, or a board member's own screenings."""

    template_name = "screening/screening_list.html"
    paginate_by = 20

    def get_queryset(self):
        if permissions.can_manage_screening(self.request.user):
            return Call.objects.select_related("screening").order_by("-closes_at")
        return Call.objects.filter(
            pk__in=permissions.board_calls(self.request.user).values("pk"),
            stored_phase__in=[CallPhase.SCREENING, CallPhase.DECIDED],
        ).select_related("screening").order_by("-closes_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            is_manager=permissions.can_manage_screening(self.request.user),
            crumbs=[(_("Screening"), "")],
        )


class CallMixin(LoginRequiredMixin):
    @cached_property
    def call(self) -> Call:
        return get_object_or_404(Call.objects.select_related("screening"), pk=self.kwargs["call_pk"])

    @cached_property
    def screening(self) -> Screening | None:
        try:
            return self.call.screening
        except Screening.DoesNotExist:
            return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, call=self.call, screening=self.screening)


class ManagerMixin(CallMixin):
    """Innovation-unit pages: a role-level right, so others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_manage_screening(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def require_screening(self) -> Screening:
        if self.screening is None:
            raise Http404
        return self.screening


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
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The screening is open; the board has been told."))
        return HttpResponseRedirect(reverse("screening:setup", kwargs={"call_pk": self.call.pk}))


class CriteriaView(ManagerMixin, TemplateView):
    template_name = "screening/criteria.html"

    def get(self, request, *args, **kwargs):
        screening = self.require_screening()
        formset = CriterionFormSet(initial=criterion_initial(list(screening.criteria.all())))
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
        return super().get_context_data(
            **kwargs, locked=self.screening.reviews.exists() or self.screening.is_decided
        )


class BoardView(ManagerMixin, TemplateView):
    template_name = "screening/board.html"
    max_results = 20

    def get_context_data(self, **kwargs):
        self.require_screening()
        evaluator_form = kwargs.pop("evaluator_form", None) or OutsideEvaluatorForm()
        search = PeopleSearchForm(self.request.GET or None)
        members = list(selectors.board_members(self.call))
        results = None
        if search.is_valid() and search.cleaned_data["q"].strip():
            term = search.cleaned_data["q"].strip()
            results = list(
                User.objects.filter(is_active=True)
                .filter(
                    Q(full_name__icontains=term)
                    | Q(username__iexact=term)
                    | Q(department__name__icontains=term)
                )
                .exclude(pk__in=[m.pk for m in members])
                .select_related("department")
                .order_by("full_name", "username")[: self.max_results]
            )
        reviewed = set(
            Review.objects.filter(proposal__call=self.call).values_list("reviewer_id", flat=True)
        )
        return super().get_context_data(
            **kwargs,
            search=search,
            results=results,
            members=members,
            reviewed=reviewed,
            evaluator_form=evaluator_form,
        )


class BoardAddView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        user_pk = request.POST.get("user", "")
        if not user_pk.isdigit():  # a tampered form: no such person, not a 500
            raise Http404
        user = get_object_or_404(User, pk=user_pk, is_active=True)
        try:
            services.board_member_add(call=self.call, user=user, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("%(name)s is now on the board.") % {"name": user.full_name})
        return HttpResponseRedirect(reverse("screening:board", kwargs={"call_pk": self.call.pk}))


class BoardRemoveView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        user = get_object_or_404(selectors.board_members(self.call), pk=kwargs["user_pk"])
        try:
            services.board_member_remove(call=self.call, user=user, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
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


class RankingView(ManagerMixin, TemplateView):
    """Identities with every aggregate (computed in SQL, 50 rows a page), and the decision form
    while the screening is open."""

    template_name = "screening/ranking.html"
    paginate_by = 50
    decision_choices = 20  # the form offers the top of the ranking; other rows carry a checkbox

    @cached_property
    def criteria(self):
        return selectors.screening_criteria(self.require_screening())

    @cached_property
    def ranked(self):
        return selectors.ranked_entries(screening=self.require_screening(), criteria=self.criteria)

    def results(self, proposals) -> list[selectors.EntryResult]:
        return selectors.ranking_page(screening=self.screening, criteria=self.criteria, proposals=proposals)

    @cached_property
    def entry_count(self) -> int:
        return permissions.entries(self.call).count()  # cheaper than counting the annotated query

    @cached_property
    def cache_prefix(self) -> str:
        """The ranking is the same for every innovation-unit member (the only ones who may see
        it), and it changes only with a review or the decision: the key carries the number and
        the last change of the screening's reviews and the decision time, so a cached page is
        never stale (one small aggregate query). The rubric and the number of entries are in
        it too, for the rare change before the first review."""
        stamp = self.screening.reviews.aggregate(n=Count("id"), last=Max("updated_at"))
        last = stamp["last"].timestamp() if stamp["last"] else 0
        decided = self.screening.decided_at.timestamp() if self.screening.decided_at else 0
        rubric = ",".join(f"{c.pk}x{c.weight}" for c in self.criteria)
        return (
            f"screening:ranking:{self.screening.pk}:{stamp['n']}:{last}:{decided}:{rubric}:{self.entry_count}"
        )

    def top(self) -> list:
        """The top of the ranking (the decision form's choices), cached like the pages."""
        key = f"{self.cache_prefix}:top"
        top = cache.get(key)
        if top is None:
            limit = max(self.decision_choices, self.screening.selection_count)
            top = list(self.ranked.only("pk", "reference", "title")[:limit])
            cache.set(key, top, RANKING_CACHE_SECONDS)
        return top

    def decision_form(self, data=None):
        """The top of the ranking as choices, plus any other entries named in ``data`` (picked
        with a row's checkbox: a departure from the ranking needs its reason)."""
        top = list(self.top())
        extra_ids = set()
        if data is not None:
            shown = {p.pk for p in top}
            extra_ids = {int(v) for v in data.getlist("selected") if v.isdigit() and int(v) not in shown}
        if extra_ids:
            ranks = dict(self.ranked.values_list("pk", "rank"))
            extra = list(self.ranked.only("pk", "reference", "title").filter(pk__in=extra_ids & set(ranks)))
            for proposal in extra:
                proposal.rank = ranks[proposal.pk]
            top += extra
        return DecisionForm(data, results=self.results(top), selection_count=self.screening.selection_count)

    def page(self):
        """A page of the ranking, and its results as a lazy list: they are read from the cache
        (or computed) only if the page's rendered rows are not cached too."""
        paginator = Paginator(range(self.entry_count), self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))

        def results():
            key = f"{self.cache_prefix}:page:{page_obj.number}"
            cached = cache.get(key)
            if cached is None:
                rows = self.ranked.select_related("proposer__department").only(
                    "pk", "reference", "title", "status", "call_id", "proposer__full_name",
                    "proposer__department__name",
                )
                span = page_obj.object_list  # this page's slice of range(count)
                cached = self.results(rows[span.start : span.stop])
                cache.set(key, cached, RANKING_CACHE_SECONDS)
            return cached

        return page_obj, SimpleLazyObject(results)

    def get_context_data(self, **kwargs):
        screening = self.require_screening()
        can_decide = self.call.phase == CallPhase.SCREENING
        form = kwargs.pop("form", None) or (self.decision_form() if can_decide else None)
        page_obj, results = self.page()
        choices = {value for value, _label in form.fields["selected"].choices} if form else set()
        can_pick = can_decide and form is not None
        # The rendered rows are cached with the page (the same for every innovation-unit
        # member), per language and per the set of entries the form offers.
        picks = ",".join(str(pk) for pk in sorted(choices)) if can_pick else "-"
        return super().get_context_data(
            **kwargs,
            results=results,
            page_obj=page_obj,
            choices=choices,
            criteria=self.criteria,
            form=form,
            can_decide=can_decide,
            can_pick=can_pick,
            rows_key=f"{self.cache_prefix}:page:{page_obj.number}:{picks}",
            ranking_cache_seconds=RANKING_CACHE_SECONDS,
            selected=(
                list(selectors.selected_proposals(self.call).order_by("reference"))
                if screening.is_decided
                else []
            ),
            member_count=selectors.board_members(self.call).count(),
        )

    def post(self, request, *args, **kwargs):
        self.require_screening()
        if self.call.phase != CallPhase.SCREENING:
            messages.error(request, _("This screening has already been decided or is not open."))
            return HttpResponseRedirect(request.path)
        form = self.decision_form(request.POST)
        if form.is_valid():
            try:
                services.screening_decide(
                    call=self.call,
                    by=request.user,
                    selected=form.cleaned_data["selected"],
                    rationale=form.cleaned_data["rationale"],
                    deviation_reason=form.cleaned_data["deviation_reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision was recorded and the proposers were told."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class ExportView(ManagerMixin, View):
    """Every score with identities, for the innovation unit (all rows; the CSV is streamed)."""

    def get(self, request, *args, **kwargs):
        screening = self.require_screening()
        results = selectors.ranking(screening=screening)
        criteria = selectors.screening_criteria(screening)
        header = exports.score_header(criteria, identities=True, ranking=True)
        rows = (
            exports.score_row(review, criteria, identities=True, result=result)
            for result in results
            for review in result.reviews
        )
        filename = f"screening-{self.call.code}"
        if kwargs["fmt"] == "csv":
            return csv_stream_response(filename=filename, headers=header, rows=rows)
        ranking_header, ranking_rows = exports.ranking_rows(results, criteria)
        return xlsx_response(
            filename=filename,
            sheets=[(_("Ranking"), ranking_header, ranking_rows), (_("Scores"), header, rows)],
        )


# --- Board members ----------------------------------------------------------------------


class BoardMemberMixin(CallMixin):
    """Board pages: a call the user is not on the board of (or not yet open) is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.board_can_view(request.user, self.call):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            show_identities=not self.screening.is_blind,
            can_score=self.call.phase == CallPhase.SCREENING,
        )


class WorkspaceView(BoardMemberMixin, TemplateView):
    """The member's entries, 50 a page, filtered by their progress (all in SQL)."""

    template_name = "screening/workspace.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        if state not in ReviewState.values:
            state = ""
        user = self.request.user
        entries = permissions.entries_for_board_member(user, self.call)
        counts = selectors.workspace_counts(call=self.call, user=user, entries=entries)
        total = sum(counts.values())
        paginator = Paginator(
            selectors.workspace_entries(call=self.call, user=user, state=state, entries=entries), self.paginate_by
        )
        paginator.count = counts[state] if state else total
        page_obj = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            rows=[selectors.workspace_row(p) for p in page_obj.object_list],
            page_obj=page_obj,
            total=total,
            done=counts[ReviewState.SCORED] + counts[ReviewState.ABSTAINED],
            counts=counts,
            state=state,
            states=ReviewState,
        )


class MyExportView(BoardMemberMixin, View):
    """A board member's own scores; without names or departments when the review is blind."""

    def get(self, request, *args, **kwargs):
        criteria = selectors.screening_criteria(self.screening)
        identities = not self.screening.is_blind
        reviews = selectors.board_member_reviews(screening=self.screening, user=request.user)
        if identities:
            reviews = reviews.select_related("proposal__proposer__department", "proposal__owning_department")
        reviews = reviews.select_related("reviewer")
        header = exports.score_header(criteria, identities=identities, ranking=False)
        rows = [exports.score_row(r, criteria, identities=identities) for r in reviews]
        filename = f"my-scores-{self.call.code}"
        if kwargs["fmt"] == "csv":
            return csv_stream_response(filename=filename, headers=header, rows=rows)
        return xlsx_response(filename=filename, sheets=[(_("Scores"), header, rows)])


class EntryMixin(BoardMemberMixin):
    @cached_property
    def proposal(self):
        return get_object_or_404(
            permissions.entries_for_board_member(self.request.user, self.call).select_related(
                "proposer__department", "owning_department"
            ),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def review(self):
        return (
            Review.objects.filter(proposal=self.proposal, reviewer=self.request.user)
            .prefetch_related("scores")
            .first()
        )


class EntryView(EntryMixin, TemplateView):
    template_name = "screening/entry.html"

    def review_form(self, data=None):
        criteria = selectors.screening_criteria(self.screening)
        initial = {}
        if self.review is not None:
            initial = {f"criterion_{s.criterion_id}": s.value for s in self.review.scores.all()}
            initial["comment"] = self.review.comment
        return ReviewForm(data, initial=initial, criteria=criteria, scale_max=self.screening.scale_max)

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        ids = selectors.workspace_ids(call=self.call, user=self.request.user)
        position = ids.index(proposal.pk)
        visibility = self.screening.score_visibility
        filed = self.review is not None
        show_others = visibility == ScoreVisibility.ALWAYS or (
            visibility == ScoreVisibility.AFTER_OWN and filed
        )
        form = kwargs.pop("form", None) or self.review_form()
        abstain_form = kwargs.pop("abstain_form", None) or AbstainForm()
        for field_name in form.fields:
            if self.call.phase != CallPhase.SCREENING:
                form.fields[field_name].disabled = True
        return super().get_context_data(
            **kwargs,
            proposal=proposal,
            review=self.review,
            form=form,
            abstain_form=abstain_form,
            attachments=[
                (n, a, self.attachment_name(proposal, a, n))
                for n, a in enumerate(proposal.attachments.all(), start=1)
            ],
            coproposers=(
                []
                if self.screening.is_blind
                else list(proposal.coproposers.filter(status="accepted").select_related("user__department"))
            ),
            position=position + 1,
            total=len(ids),
            previous_pk=ids[position - 1] if position > 0 else None,
            next_pk=ids[position + 1] if position + 1 < len(ids) else None,
            others=selectors.other_reviews(proposal=proposal, user=self.request.user) if show_others else None,
            criteria=selectors.screening_criteria(self.screening),
            visibility=visibility,
        )

    def attachment_name(self, proposal, attachment, number: int) -> str:
        if self.screening.is_blind:
            return f"{proposal.reference}-{number}.{attachment.kind}"
        return attachment.original_name

    def post(self, request, *args, **kwargs):
        form = self.review_form(request.POST)
        if form.is_valid():
            try:
                services.review_save(
                    proposal=self.proposal,
                    by=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your scores for %(reference)s were saved.") % {
                    "reference": self.proposal.reference
                })
                return HttpResponseRedirect(self.after_save_url())
        return self.render_to_response(self.get_context_data(form=form))

    def after_save_url(self) -> str:
        if "save_next" in self.request.POST:
            ids = selectors.workspace_ids(call=self.call, user=self.request.user)
            following = ids[ids.index(self.proposal.pk) + 1 :]
            if following:
                return reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": following[0]})
            return reverse("screening:workspace", kwargs={"call_pk": self.call.pk})
        return self.request.path


class AbstainView(EntryView):
    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(
            reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": self.proposal.pk})
        )

    def post(self, request, *args, **kwargs):
        form = AbstainForm(request.POST)
        if form.is_valid():
            try:
                services.review_abstain(proposal=self.proposal, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("You abstained on %(reference)s.") % {
                    "reference": self.proposal.reference
                })
                return HttpResponseRedirect(
                    reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": self.proposal.pk})
                )
        return self.render_to_response(self.get_context_data(abstain_form=form))


class EntryAttachmentView(EntryMixin, View):
    """Streams an entry's attachment; under a neutral name when the review is blind (the
    original file name may carry the proposer's name)."""

    def get(self, request, *args, **kwargs):
        attachments = list(self.proposal.attachments.all())
        for number, attachment in enumerate(attachments, start=1):
            if attachment.pk == kwargs["attachment_pk"]:
                name = (
                    f"{self.proposal.reference}-{number}.{attachment.kind}"
                    if self.screening.is_blind
                    else attachment.original_name
                )
                return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name)
        raise Http404
