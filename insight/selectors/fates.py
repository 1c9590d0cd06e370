"""What became of a proposal (selected → its lab and outcome; not selected → the practical-effect
review and the departments' answers), read from relations prefetched once for a whole list."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from labs.enums import DecisionStatus
from labs.models import FinalReport, Lab
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from routing.enums import ReviewVerdict
from routing.models import Routing


def adopted_reports(lookup: str = "reports") -> Prefetch:
    """Prefetches a lab's adopted final reports (``lookup`` from the queried model) into
    ``adopted_reports``."""
    return Prefetch(
        lookup,
        queryset=FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED),
        to_attr="adopted_reports",
    )


def lab_outcome(lab: Lab) -> str:
    reports = getattr(lab, "adopted_reports", [])
    return reports[0].get_outcome_display() if reports else ""


@dataclass
class Fate:
    label: str
    tone: str
    lab: Lab | None = None
    routings: list[Routing] = field(default_factory=list)


def fate(proposal: Proposal) -> Fate:
    """What became of a proposal, from relations prefetched by ``with_fate``."""
    status = proposal.status
    if status == ProposalStatus.SELECTED:
        lab = getattr(proposal, "lab", None)
        if lab is None:
            return Fate(label=_("Selected; no lab formed yet"), tone="success")
        outcome = lab_outcome(lab)
        label = _("Selected → lab %(name)s (%(status)s)") % {"name": lab.name, "status": lab.get_status_display()}
        if outcome:
            label = f"{label}: {outcome}"
        return Fate(label=label, tone="success", lab=lab)
    if status == ProposalStatus.NOT_SELECTED:
        review = getattr(proposal, "routing_review", None)
        if review is None:
            return Fate(label=_("Not selected; practical-effect review pending"), tone="neutral")
        routings = list(proposal.routings.all())
        if review.verdict == ReviewVerdict.ROUTE and routings:
            answers = ", ".join(f"{r.department.name}: {r.get_status_display()}" for r in routings)
            return Fate(label=_("Not selected → %(answers)s") % {"answers": answers}, tone="info", routings=routings)
        return Fate(label=_("Not selected: %(verdict)s") % {"verdict": review.get_verdict_display()}, tone="neutral")
    if status == ProposalStatus.WITHDRAWN:
        return Fate(label=_("Withdrawn"), tone="neutral")
    return Fate(label=_("Under screening"), tone="info")


def with_fate(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The relations ``fate`` reads, plus what the lists show. Four extra queries at most."""
    return queryset.select_related(
        "call", "proposer__department", "owning_department", "routing_review", "lab"
    ).prefetch_related(
        Prefetch("routings", queryset=Routing.objects.select_related("department").order_by("-is_lead", "id")),
        adopted_reports("lab__reports"),
    )
