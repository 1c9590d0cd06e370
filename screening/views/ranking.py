"""The innovation unit's ranking of a screening (identities with every aggregate), its decision,
and the export of every score."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.exports import csv_stream_response, xlsx_response
from proposals.enums import CallPhase

from .. import assignments, exports, permissions, selectors, services
from ..enums import ReviewMode
from ..forms import DecisionForm
from .mixins import ManagerMixin


class RankingView(ManagerMixin, TemplateView):
    """Identities with every aggregate (the entries' summary rows, ranked in SQL, 50 rows a
    page), and the decision form while the screening is open."""

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
        return selectors.ranking_page(
            screening=self.screening, criteria=self.criteria, proposals=proposals
        )

    @cached_property
    def entry_count(self) -> int:
        return permissions.entries(self.call).count()  # cheaper than counting the annotated query

    def top(self) -> list:
        """The top of the ranking (the decision form's choices)."""
        limit = max(self.decision_choices, self.screening.selection_count)
        return list(self.ranked.only("pk", "reference", "title")[:limit])

    def decision_form(self, data=None):
        """The top of the ranking as choices, plus any other entries named in ``data`` (picked
        with a row's checkbox: a departure from the ranking needs its reason)."""
        top = list(self.top())
        extra_ids = set()
        if data is not None:
            shown = {p.pk for p in top}
            extra_ids = {
                int(v) for v in data.getlist("selected") if v.isdigit() and int(v) not in shown
            }
        if extra_ids:
            ranks = dict(self.ranked.values_list("pk", "rank"))
            extra = list(
                self.ranked.only("pk", "reference", "title").filter(pk__in=extra_ids & set(ranks))
            )
            for proposal in extra:
                proposal.rank = ranks[proposal.pk]
            top += extra
        return DecisionForm(
            data, results=self.results(top), selection_count=self.screening.selection_count
        )

    def page(self):
        """A page of the ranking (50 summary rows, ranked and sliced in SQL) and its results."""
        paginator = Paginator(range(self.entry_count), self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        rows = self.ranked.select_related("proposer__department").only(
            "pk",
            "reference",
            "title",
            "status",
            "call_id",
            "proposer__full_name",
            "proposer__department__name",
        )
        span = page_obj.object_list  # this page's slice of range(count)
        return page_obj, self.results(rows[span.start : span.stop])

    def get_context_data(self, **kwargs):
        screening = self.require_screening()
        can_decide = self.call.phase == CallPhase.SCREENING
        form = kwargs.pop("form", None) or (self.decision_form() if can_decide else None)
        page_obj, results = self.page()
        assigned_reviews = screening.review_mode == ReviewMode.ASSIGNED
        if assigned_reviews:
            counts = assignments.assigned_counts(screening, [r.proposal.pk for r in results])
            for result in results:
                result.assigned = counts.get(result.proposal.pk, 0)
        choices = {value for value, _label in form.fields["selected"].choices} if form else set()
        can_pick = can_decide and form is not None
        return super().get_context_data(
            **kwargs,
            results=results,
            assigned_reviews=assigned_reviews,
            page_obj=page_obj,
            choices=choices,
            criteria=self.criteria,
            form=form,
            can_decide=can_decide,
            can_pick=can_pick,
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
                messages.success(
                    request, _("The decision was recorded and the proposers were told.")
                )
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
