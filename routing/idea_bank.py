"""Reads for the idea bank (아이디어 뱅크), shaped so each page runs a fixed number of queries
however many ideas, supports and comments there are.

An idea is read only through ``routing.permissions.banked_proposals`` and only with the
columns listed here: its title, its texts, its department and the departments' answers —
never a proposer, a co-proposer, a reference number or anything from the screening. Comments
are shown without their authors' names (an author commenting on their own idea would be
named), each reader's own marked as theirs.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import Department
from proposals.models import Proposal

from .enums import RoutingEventKind, RoutingStatus
from .models import IdeaComment, IdeaFollow, IdeaSupport, Routing, RoutingEvent
from .permissions import banked_proposals

# The columns of a proposal the bank may read; ``only`` keeps the others out of every query.
IDEA_FIELDS = ("pk", "title", "problem", "idea", "effect")
ORDERS = ("newest", "supported")
# Words of a search: at most this many, each at most this long (the rest is ignored).
MAX_WORDS, MAX_WORD_LENGTH = 5, 50
ANSWER_EVENT_KINDS = (RoutingEventKind.ANSWER, RoutingEventKind.PROGRESS)


def _count(model, *, extra: Q | None = None):
    rows = model.objects.filter(proposal=OuterRef("pk"))
    if extra is not None:
        rows = rows.filter(extra)
    counted = rows.order_by().values("proposal").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def comment_count(*, hidden: bool = False):
    """The one comment count of the bank, for ``annotate``: the comments readers can read
    (hidden ones are not counted), or with ``hidden`` the hidden ones (shown apart)."""
    return _count(IdeaComment, extra=Q(hidden_at__isnull=not hidden))


def search_words(text: str) -> list[str]:
    return [w[:MAX_WORD_LENGTH] for w in (text or "").split()][:MAX_WORDS]


def idea_list(
    *, words: list[str], department_id: int | None = None, order: str = "newest"
) -> QuerySet[Proposal]:
    """The bank's list: every word in the title or a text, the lead department if asked,
    newest routed first or most supported first. One query per page (the counts and the
    department are correlated subqueries on the page's rows)."""
    ideas = banked_proposals()
    for word in words:
        ideas = ideas.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(idea__icontains=word)
            | Q(effect__icontains=word)
        )
    if department_id:
        ideas = ideas.filter(
            Exists(
                Routing.objects.filter(
                    proposal=OuterRef("pk"), is_lead=True, department_id=department_id
                )
            )
        )
    # The lead routing (one per proposal: routing_one_lead_per_proposal) and its department
    # joined, rather than read by a subquery per column. The list still reads every banked idea to sort them (the
    # planner cannot tell how few proposals the consent conditions leave): docs/performance.md.
    ideas = (
        ideas.filter(routings__is_lead=True)
        .only(*IDEA_FIELDS)
        .annotate(
            routed_at=F("routings__routed_at"),
            department_name=F("routings__department__name"),
            answer_status=F("routings__status"),
            support_count=_count(IdeaSupport),
            comment_count=comment_count(),
        )
    )
    if order == "supported":
        return ideas.order_by("-support_count", "-routed_at", "-pk")
    return ideas.order_by("-routed_at", "-pk")


def idea_departments() -> QuerySet[Department]:
    """The departments the list may be filtered by: the active ones (read from the small
    department table; which of them lead an idea would mean reading the whole bank)."""
    return Department.objects.filter(is_active=True).only("pk", "name").order_by("name")


def _answer_routings() -> Prefetch:
    # A re-route request is between the department and the unit: not shown in the bank.
    events = (
        RoutingEvent.objects.filter(kind__in=ANSWER_EVENT_KINDS)
        .exclude(status=RoutingStatus.REROUTE_REQUESTED)
        .only("pk", "routing_id", "kind", "status", "text", "target_date", "created_at")
    )
    return Prefetch(
        "routings",
        queryset=Routing.objects.select_related("department")
        .only(
            "pk",
            "proposal_id",
            "is_lead",
            "status",
            "routed_at",
            "answered_at",
            "plan",
            "target_date",
            "department__name",
        )
        .order_by("-is_lead", "id")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="answer_events")),
        to_attr="answer_routings",
    )


def _comments() -> Prefetch:
    return Prefetch(
        "idea_comments",
        queryset=IdeaComment.objects.only(
            "pk", "proposal_id", "author_id", "text", "created_at", "hidden_at", "hidden_reason"
        ).order_by("created_at", "id"),
        to_attr="comments",
    )


def idea_detail(pk: int, user) -> Proposal | None:
    """One idea with its departments' answers and progress, its comments, its support count,
    its comment counts (``comment_count``, ``hidden_comment_count``) and whether ``user``
    supports and follows it: four queries. ``None`` when not banked."""
    mine = {"proposal": OuterRef("pk"), "user": user}
    return (
        banked_proposals()
        .filter(pk=pk)
        .only(*IDEA_FIELDS)
        .annotate(
            support_count=_count(IdeaSupport),
            comment_count=comment_count(),
            hidden_comment_count=comment_count(hidden=True),
            supported=Exists(IdeaSupport.objects.filter(**mine)),
            followed=Exists(IdeaFollow.objects.filter(**mine)),
        )
        .prefetch_related(_answer_routings(), _comments())
        .first()
    )


@dataclass(frozen=True)
class IdeaFeedback:
    """What a department's liaison sees beside its answer: whether the idea is in the bank,
    how many colleagues support it and their comments (no names)."""

    in_bank: bool
    support_count: int
    comments: list

    @property
    def shown(self) -> bool:
        return self.in_bank or self.support_count > 0 or bool(self.comments)


def idea_feedback(proposal_id: int) -> IdeaFeedback:
    """Three queries whatever the number of supports and comments."""
    return IdeaFeedback(
        in_bank=banked_proposals().filter(pk=proposal_id).exists(),
        support_count=IdeaSupport.objects.filter(proposal_id=proposal_id).count(),
        comments=list(
            IdeaComment.objects.filter(proposal_id=proposal_id)
            .only("pk", "text", "created_at", "hidden_at", "hidden_reason")
            .order_by("created_at", "id")
        ),
    )


def idea_bank_home(*, since) -> dict:
    """For the staff home: whether the bank holds any idea and how many were routed since
    ``since``. Two queries, each bounded however many ideas the bank holds: the first stops at
    the first idea, the second reads the lead routings since ``since`` by their routed_at
    index (a count of the whole bank read every banked idea on every home page)."""
    recent = banked_proposals().filter(routings__is_lead=True, routings__routed_at__gte=since)
    return {"any": banked_proposals().exists(), "new": recent.count()}
