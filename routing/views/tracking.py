"""The innovation unit's tracking of what was routed: counts per call and department, the
lists (overdue, re-route requests, closed departments, all) and their CSV/XLSX export."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import ListView

from accounts.mixins import InnovationUnitRequiredMixin
from core.exports import export_response
from core.paging import WindowPaginator, window_page
from proposals.models import Call

from .. import selectors
from ..models import Routing
from .common import LIST_PAGE_SIZE as COUNTS_PAGE_SIZE
from .common import PAGE_SIZE, CrumbsMixin, review_crumb

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
    paginator_class = WindowPaginator

    def get_crumbs(self):
        return [review_crumb(), (_("Routing tracking"), "")]

    def get_queryset(self):
        self.filters = self.tracking_filters()
        return selectors.routing_table(self.tracked(**self.filters))

    def get_context_data(self, **kwargs):
        call, request = self.filters["call"], self.request
        by_call = window_page(
            request,
            selectors.tracking_by_call(),
            per_page=COUNTS_PAGE_SIZE,
            page_kwarg="calls_page",
        )
        by_department = window_page(
            request,
            selectors.department_tallies()
            if call is None
            else selectors.tracking_by_department(call),
            per_page=COUNTS_PAGE_SIZE,
            page_kwarg="departments_page",
        )
        selectors.with_overdue(by_call.object_list, key="proposal__call_id")
        selectors.with_overdue(by_department.object_list, key="department_id")
        return super().get_context_data(
            by_call=by_call,
            by_department=by_department,
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
