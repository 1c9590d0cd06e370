from datetime import timedelta
from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.exports import FORMATS, export_response
from labs.enums import MembershipStatus
from ledger.selectors import ledger_head
from proposals.extra_answers import answers_for
from proposals.models import Call
from proposals.selectors import proposal_for_detail
from screening import selectors as screening_selectors
from screening.models import Screening

from . import charts, exports, permissions, selectors
from .forms import SearchForm


def _figure(slug, title, summary, kind, chart, headers, rows) -> charts.Figure:
    return charts.Figure(slug=slug, title=title, summary=summary, kind=kind, chart=chart, headers=headers, rows=rows)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def history_figure(history: list[selectors.HistoryRow]) -> charts.Figure:
    rows = [(row.call.code, row.submissions) for row in history]
    return _figure(
        "history",
        _("The program's history"),
        _("Submissions per call, oldest first; the table adds selections, routed proposals, labs and outcomes."),
        "columns",
        charts.column_chart(rows),
        [_("Call"), _("Submissions"), _("Selected"), _("Not selected"), _("Routed"), _("Adopted by departments"), _("Labs"), _("Outcomes")],
        [
            [
                f"{row.call.title} ({row.call.code})", row.submissions, row.selected, row.not_selected,
                row.routed, row.adopted, row.labs,
                ", ".join(f"{label} {n}" for label, n in row.outcomes.items()) or "–",
            ]
            for row in history
        ],
    )


def submissions_figure(call: Call) -> charts.Figure:
    """Submissions per day from the call's opening to its deadline (to today while it is open),
    the deadline highlighted. The share of the last three days is told only once they have
    passed: ten days before the deadline "none in the last three days" would read as a fact."""
    counts = selectors.submissions_by_day(call)
    today = timezone.localdate()
    start = timezone.localtime(call.opens_at).date()
    closes = timezone.localtime(call.closes_at - timedelta(microseconds=1)).date()
    end = min(closes, today) if counts else closes
    if counts:
        start, end = min(start, min(counts)), max(end, max(counts))
    series = charts.daily_series(counts, start, end)
    deadline = {i for i, (day, _n) in enumerate(series) if day == closes}
    total = sum(n for _day, n in series)
    if closes > today:
        summary = _(
            "%(total)s submissions so far; the call closes on %(deadline)s, so its last three days are still to come."
        ) % {"total": total, "deadline": closes.isoformat()}
    else:
        last_days = sum(n for day, n in series if closes - timedelta(days=2) <= day <= closes)
        summary = _(
            "%(total)s submissions; %(last)s (%(share)s) in the last three days before the deadline (%(deadline)s, highlighted)."
        ) % {"total": total, "last": last_days, "share": _percent(last_days, total), "deadline": closes.isoformat()}
    return _figure(
        "submissions",
        _("Submissions over time"),
        summary,
        "columns",
        charts.column_chart([(charts.day_label(day), n) for day, n in series], highlight=deadline),
        [_("Day"), _("Submissions")],
        [[day.isoformat(), n] for day, n in series],
    )


def bars_figure(slug, title, summary, label_header, value_header, rows) -> charts.Figure:
    return _figure(
        slug, title, summary, "bars", charts.bar_chart(rows), [label_header, value_header],
        [[label, n] for label, n in rows],
    )


def score_figure(call: Call) -> charts.Figure | None:
    screening, totals = selectors.review_totals(call)
    if screening is None:
        return None
    bins = charts.histogram(totals, low=1, high=screening.scale_max, width=0.5)
    return _figure(
        "scores",
        _("Screening score distribution"),
        _("Review totals (weighted mean of one board member's scores, 1–%(max)s) of %(count)s reviews, in bins of 0.5.")
        % {"max": screening.scale_max, "count": len(totals)},
        "columns",
        charts.column_chart(bins),
        [_("Review total"), _("Reviews")],
        [[label, n] for label, n in bins],
    )


def lab_figure() -> charts.Figure:
    today = timezone.localdate()
    labs = selectors.labs_for_timeline()
    items = [
        {
            "label": lab.name,
            "start": lab.start_date,
            "end": lab.end_date,
            "status": lab.get_status_display(),
            "url": lab.get_absolute_url(),
            "milestones": [(m.target_date, m.title, m.done) for m in lab.milestones.all()],
        }
        for lab in labs
    ]
    return _figure(
        "labs",
        _("Labs: terms and milestones"),
        _("Each bar is a lab's term; dots are milestones (filled when done); the line is today."),
        "gantt",
        charts.gantt(items, today=today),
        [_("Lab"), _("Call"), _("Phase"), _("Term"), _("Milestones"), _("Outcome")],
        [
            [
                lab.name, lab.proposal.call.code, lab.get_status_display(),
                f"{lab.start_date.isoformat()} – {lab.end_date.isoformat()}",
                "; ".join(
                    f"{m.target_date.isoformat()} {m.title}{' ✓' if m.done else ''}" for m in lab.milestones.all()
                ) or "–",
                selectors.lab_outcome(lab) or "–",
            ]
            for lab in labs
        ],
    )


class DashboardView(LoginRequiredMixin, TemplateView):
    """The staff dashboard: counts only, no scores and no identities. The innovation unit's
    version (``full = True``) adds score distributions and participation by department."""

    template_name = "insight/dashboard.html"
    full = False

    @cached_property
    def calls(self) -> list[Call]:
        return selectors.dashboard_calls()

    @cached_property
    def call(self) -> Call | None:
        wanted = self.request.GET.get("call", "")
        if not wanted:
            return selectors.latest_call_with_submissions(self.calls)
        match = next((c for c in self.calls if str(c.pk) == wanted), None)
        if match is None:
            raise Http404
        return match

    def call_figures(self, call: Call, routing: selectors.RoutingSummary) -> list[charts.Figure]:
        figures = [submissions_figure(call)]
        if self.full:
            figures.append(
                bars_figure(
                    "proposer-departments", _("Submissions by proposer's department"),
                    _("Where the proposers work (participation)."), _("Department"), _("Submissions"),
                    selectors.submissions_by_department(call, owning=False),
                )
            )
        figures.append(
            bars_figure(
                "owning-departments", _("Submissions by owning department"),
                _("The departments the proposals concern."), _("Department"), _("Submissions"),
                selectors.submissions_by_department(call, owning=True),
            )
        )
        figures.append(
            bars_figure(
                "keywords", _("Submissions by keyword"), _("The most frequent keywords."),
                _("Keyword"), _("Submissions"), selectors.submissions_by_keyword(call),
            )
        )
        if self.full:
            score = score_figure(call)
            if score is not None:
                figures.append(score)
        figures.append(
            bars_figure(
                "routing-status", _("Answers by state"),
                _("Not-selected proposals routed to departments, by the state of the answer."),
                _("State"), _("Routings"), routing.by_status,
            )
        )
        departments = list(selectors.routing_by_department(call))
        figures.append(
            _figure(
                "routing-departments", _("Answers by department"),
                _("Routed, answered, adopted and overdue per department (bars: routed)."),
                "bars", charts.bar_chart([(d.name, d.routed) for d in departments]),
                [_("Department"), _("Routed"), _("Answered"), _("Adopted"), _("Overdue")],
                [[d.name, d.routed, d.answered, d.adopted, d.overdue] for d in departments],
            )
        )
        return figures

    def figures(self) -> dict:
        """The figures, read afresh: each is one bounded aggregate in SQL (the latest calls,
        the top departments, the latest labs), whatever the program's size."""
        call = self.call
        routing = selectors.routing_summary(call) if call else None
        return {
            "call_figures": self.call_figures(call, routing) if call else [],
            "routing": routing,
            "history_figure": history_figure(selectors.program_history()),
            "lab_figure": lab_figure(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            full=self.full,
            calls=self.calls,
            current_call=self.call,
            **self.figures(),
            export_formats=FORMATS,
            crumbs=[(_("Unit dashboard") if self.full else _("Dashboard"), "")],
            **kwargs,
        )


class UnitDashboardView(InnovationUnitRequiredMixin, DashboardView):
    full = True


def _int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


class OutcomesView(LoginRequiredMixin, TemplateView):
    """Every call's outcome, ten calls a page (``?page=``), the first answers of each;
    ``?call=<pk>`` shows one call and ``&after=<routing pk>`` its next answers (keyset
    pagination, no deep OFFSET). Each page reads the rows of the calls it shows."""

    template_name = "insight/outcomes.html"

    def get_context_data(self, **kwargs):
        call_pk = _int_param(self.request.GET.get("call"))
        after = _int_param(self.request.GET.get("after")) if call_pk else None
        page_obj = None
        if call_pk is None:
            page_obj = selectors.outcome_calls_page(self.request.GET.get("page"))
            outcomes = selectors.outcomes(
                call_ids=[c.pk for c in page_obj], per_call=selectors.OUTCOME_ROUTINGS_OVERVIEW
            )
        else:
            outcomes = selectors.outcomes(call_pk=call_pk, after=after, per_call=selectors.OUTCOME_ROUTINGS)
        if call_pk is not None and not outcomes:
            raise Http404
        crumbs = [(_("Outcomes"), "")]
        if call_pk is not None:
            crumbs = [(_("Outcomes"), reverse("insight:outcomes")), (outcomes[0].call.code, "")]
        return super().get_context_data(
            outcomes=outcomes,
            page_obj=page_obj,
            one_call=call_pk is not None,
            continued=after is not None,
            head=ledger_head(),
            crumbs=crumbs,
            **kwargs,
        )


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "insight/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        query, department = form.chosen() if form.is_bound else ("", None)
        searched = bool(query or department)
        items, more = selectors.search_hits(self.request.user, query, department=department) if searched else ([], False)
        return super().get_context_data(
            form=form,
            query=query,
            department=department,
            searched=searched,
            items=items,
            more=more,
            limit=selectors.SEARCH_LIMIT,
            crumbs=[(_("Search proposals"), "")],
            **kwargs,
        )


# --- Exports ---------------------------------------------------------------------------------

DATASETS = ("proposals", "scores", "routings", "labs")


class ExportView(LoginRequiredMixin, View):
    """``/insight/export/<dataset>.<fmt>?call=<pk>``: the rows the reader may see."""

    def get(self, request, dataset: str, fmt: str):
        if dataset not in DATASETS or fmt not in FORMATS:
            raise Http404
        call = None
        if request.GET.get("call"):
            call = get_object_or_404(Call, pk=request.GET["call"]) if request.GET["call"].isdigit() else None
            if call is None:
                raise Http404
        user = request.user
        if dataset == "scores":
            if not is_innovation_unit(user):
                raise PermissionDenied
            if call is None:
                raise Http404
            headers, rows = exports.score_table(get_object_or_404(Screening, call=call))
        elif dataset == "proposals":
            headers, rows = exports.proposal_table(user, call=call)
        elif dataset == "routings":
            headers, rows = exports.routing_table(user, call=call)
        else:
            headers, rows = exports.lab_table(call=call)
        filename = f"{dataset}-{call.code}" if call else dataset
        return export_response(fmt=fmt, filename=filename, headers=headers, rows=rows)


class CallArchiveView(InnovationUnitRequiredMixin, View):
    def get(self, request, call_pk: int):
        call = get_object_or_404(Call, pk=call_pk)
        content = exports.call_archive(request.user, call)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="call-{call.code}.zip"'
        return response


# --- Print-ready pages (A4, for internal approval) -------------------------------------------


class PrintMixin(LoginRequiredMixin):
    """Print pages: the print stylesheet lays them out on A4 for internal approval (결재)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(printed_at=timezone.now(), **kwargs)


class ProposalPrintView(PrintMixin, TemplateView):
    template_name = "insight/print/proposal.html"

    def get_context_data(self, **kwargs):
        proposal = get_object_or_404(
            proposal_for_detail(permissions.printable_proposals(self.request.user)), pk=kwargs["pk"]
        )
        extra_answers = answers_for(proposal, for_board=False)
        return super().get_context_data(proposal=proposal, extra_answers=extra_answers, **kwargs)


class ScoreSheetPrintView(PrintMixin, TemplateView):
    """A board member's score sheet (심사표): their own, blinded as the screening is; the unit
    prints any member's with identities."""

    template_name = "insight/print/score_sheet.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        call = get_object_or_404(Call, pk=kwargs["call_pk"])
        member = user if "user_pk" not in kwargs else get_object_or_404(User, pk=kwargs["user_pk"])
        if not permissions.can_print_score_sheet(user, call, member):
            raise Http404
        screening = get_object_or_404(Screening, call=call)
        if member.pk not in {m.pk for m in screening_selectors.board_members(call)}:
            raise Http404
        criteria = screening_selectors.screening_criteria(screening)
        weights = {c.pk: c.weight for c in criteria}
        identities = is_innovation_unit(user) or not screening.is_blind
        reviews = screening_selectors.board_member_reviews(screening=screening, user=member).select_related(
            "proposal__proposer__department", "proposal__owning_department"
        )
        rows = []
        for review in reviews:
            values = {s.criterion_id: s.value for s in review.scores.all()}
            rows.append(
                {
                    "review": review,
                    "scores": [values.get(c.pk) for c in criteria],
                    "total": screening_selectors.review_total(review, weights),
                }
            )
        return super().get_context_data(
            call=call, screening=screening, member=member, criteria=criteria, rows=rows,
            identities=identities, **kwargs,
        )


class ScreeningResultPrintView(InnovationUnitRequiredMixin, PrintMixin, TemplateView):
    template_name = "insight/print/screening_result.html"

    def get_context_data(self, **kwargs):
        call = get_object_or_404(Call, pk=kwargs["call_pk"])
        screening = get_object_or_404(Screening.objects.select_related("decided_by"), call=call)
        return super().get_context_data(
            call=call,
            screening=screening,
            criteria=screening_selectors.screening_criteria(screening),
            results=screening_selectors.ranking(screening=screening),
            board=list(screening_selectors.board_members(call)),
            **kwargs,
        )


class FinalReportPrintView(PrintMixin, TemplateView):
    template_name = "insight/print/final_report.html"

    def get_context_data(self, **kwargs):
        report = (
            permissions.printable_reports(self.request.user)
            .filter(lab_id=kwargs["pk"])
            .select_related("lab__proposal__call", "decision")
            .prefetch_related("attachments", "decision__signoffs__user")
            .order_by("-id")
            .first()
        )
        if report is None:
            raise Http404
        members = report.lab.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user__department")
        return super().get_context_data(report=report, lab=report.lab, members=list(members), **kwargs)

