"""Reads for calls and proposals, shaped so a page runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

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
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import CoProposerStatus, ProposalStatus
from .models import Attachment, Call, CallQuestion, CoProposer, IdeaBankConsent, Proposal
from .permissions import own_proposals_q

SUBMISSION_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
)


def open_calls(*, now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return Call.objects.filter(opens_at__lte=now, closes_at__gt=now, stored_phase="").order_by("closes_at")


def call_list() -> QuerySet[Call]:
    """Calls, newest first, with the columns the list shows and their number of submissions
    (a correlated count on the (call, status) index for the page's rows only; a join with
    GROUP BY would count every proposal of every call, and group by the long texts too)."""
    counted = [s.value for s in SUBMISSION_STATUSES if s != ProposalStatus.WITHDRAWN]
    submissions = (
        Proposal.objects.filter(call=OuterRef("pk"), status__in=counted)
        .order_by()
        .values("call")
        .annotate(n=Count("*"))  # COUNT(*): answered from the (call, status) index alone
        .values("n")
    )
    return (
        Call.objects.only("id", "title", "opens_at", "closes_at", "stored_phase")
        .annotate(submission_count=Coalesce(Subquery(submissions, output_field=IntegerField()), 0))
        .order_by("-opens_at")
    )


def my_proposals(user) -> QuerySet[Proposal]:
    """Everything the user proposed or is named on, with the columns the list shows (not the
    proposal's text)."""
    own_ids = Proposal.objects.filter(own_proposals_q(user)).values("pk")
    return (
        Proposal.objects.filter(pk__in=own_ids)
        .select_related("call")
        .only(
            "id", "title", "status", "reference", "updated_at", "proposer_id", "call_id",
            "call__title", "call__opens_at", "call__closes_at", "call__stored_phase",
        )  # fmt: skip
        .order_by("-created_at")
    )


def my_questions_in_call(user, call: Call) -> list:
    """The questions ``user`` asked about ``call``, newest first, with their answers."""
    return list(CallQuestion.objects.filter(call=call, asked_by=user).order_by("-asked_at", "-id"))


def call_questions(call: Call) -> list:
    """A call's questions for the innovation unit: unanswered first (oldest first, the order
    they came in), then answered ones (newest answer first); with the asker's name."""
    return list(
        CallQuestion.objects.filter(call=call)
        .select_related("asked_by", "published_notice")
        .order_by(F("answered_at").desc(nulls_first=True), "asked_at", "id")
    )


def unanswered_question_count(call: Call) -> int:
    return CallQuestion.objects.filter(call=call, answered_at__isnull=True).count()


def my_proposals_in_call(user, call: Call) -> list[Proposal]:
    """The user's own proposals in one call, for the call's page: the columns it shows, with
    ``call`` set to the given one (no join, no co-proposers)."""
    proposals = list(
        Proposal.objects.filter(own_proposals_q(user), call=call)
        .only("id", "call_id", "title", "status")
        .order_by("-created_at")
    )
    for proposal in proposals:
        proposal.call = call
    return proposals


def pending_coproposal_invitations(user) -> QuerySet[CoProposer]:
    return CoProposer.objects.filter(user=user, status=CoProposerStatus.INVITED).select_related(
        "proposal", "proposal__proposer", "proposal__call"
    )


def attachment_count() -> Coalesce:
    """The proposal's number of attachments, as a correlated subquery: unlike a join with
    GROUP BY over every selected column, it costs nothing for the rows that are not shown."""
    per_proposal = (
        Attachment.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(per_proposal, output_field=IntegerField()), 0)


def call_submissions(call: Call) -> QuerySet[Proposal]:
    """Every submission of a call (drafts stay private to their authors), with only the columns
    the list and its exports show: the long texts are left in the table."""
    return (
        Proposal.objects.filter(call=call, status__in=[s.value for s in SUBMISSION_STATUSES])
        # Every submission has its reference; saying so lets PostgreSQL read the page in order
        # from the (call, reference) unique index instead of sorting the whole call.
        .exclude(reference="")
        .select_related("proposer", "proposer__department", "owning_department")
        .only(
            "id", "reference", "title", "status", "keywords", "submitted_at",
            "proposer__full_name", "proposer__department__name", "owning_department__name",
        )
        .annotate(attachment_count=attachment_count())
        .order_by("reference")
    )


def proposal_for_detail(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related(
        "call", "proposer", "proposer__department", "owning_department"
    ).prefetch_related(
        Prefetch("coproposers", queryset=CoProposer.objects.select_related("user", "user__department")),
        "attachments",
    )


def proposal_change_log(proposal: Proposal) -> list[dict]:
    """Who changed what, when: each historical record with the fields it changed."""
    records = list(proposal.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        if previous is None:
            changed = []
        else:
            delta = record.diff_against(previous)
            changed = [str(Proposal._meta.get_field(c.field).verbose_name) for c in delta.changes]
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "created": previous is None,
                "changed": changed,
                "reason": record.history_change_reason or "",
            }
        )
        previous = record
    return list(reversed(entries))


def proposal_authors(proposal: Proposal) -> list:
    """Who a proposal's authors are: its proposer and the co-proposers who accepted being named
    (one query when the co-proposers are not prefetched, none when they are)."""
    prefetched = "coproposers" in getattr(proposal, "_prefetched_objects_cache", {})
    links = proposal.coproposers.all() if prefetched else proposal.coproposers.select_related("user")
    return [proposal.proposer] + [link.user for link in links if link.status == CoProposerStatus.ACCEPTED]


def proposal_by_client_token(proposer, client_token) -> Proposal | None:
    """The proposal a form (its hidden ``client_token``) of this proposer already created, if
    any: a repeated POST or an autosave finds it again."""
    return Proposal.objects.filter(proposer=proposer, client_token=client_token).first()


# --- The homes (core.panels, "A home per role") --------------------------------------------

HOME_LIST_SIZE = 5
CLOSING_SOON_DAYS = 7
UNIT_HOME_CALLS = 6


def days_left(moment: datetime, *, now: datetime) -> int:
    """Calendar days from today to ``moment`` (0: today, negative: past), in local time."""
    return (timezone.localtime(moment).date() - timezone.localtime(now).date()).days


def first_with_total(queryset: QuerySet, size: int = HOME_LIST_SIZE) -> tuple[list, int]:
    """The first ``size`` rows and how many there are in all, in one query (the total is a
    window count over the filtered rows, read from the first row)."""
    rows = list(queryset.annotate(home_total=Window(Count("*")))[:size])
    return rows, rows[0].home_total if rows else 0


@dataclass
class StaffHome:
    """A staff member's work: the calls open now (``days_left`` and ``closing_soon`` set on
    each), their drafts in those calls, the invitations to co-propose waiting for their answer
    (in those calls: a closed call's can no longer be answered) and their latest proposals."""

    open_calls: list[Call]
    closing_soon: int
    drafts: list[Proposal]
    draft_count: int
    invitations: list[CoProposer]
    invitation_count: int
    recent: list[Proposal]


def staff_home(user, *, now: datetime | None = None) -> StaffHome:
    """Four queries whatever the data."""
    now = now or timezone.now()
    calls = list(open_calls(now=now).only("id", "title", "opens_at", "closes_at", "stored_phase"))
    open_now = open_calls(now=now).values("pk")
    for call in calls:
        call.days_left = days_left(call.closes_at, now=now)
        call.closing_soon = call.days_left <= CLOSING_SOON_DAYS
    drafts, draft_count = first_with_total(
        Proposal.objects.filter(proposer=user, status=ProposalStatus.DRAFT, call__in=open_now)
        .select_related("call")
        .only("id", "title", "status", "updated_at", "call__id", "call__title", "call__closes_at")
        .order_by("call__closes_at", "-updated_at", "pk")
    )
    for draft in drafts:
        draft.days_left = days_left(draft.call.closes_at, now=now)
    invitations, invitation_count = first_with_total(
        # Answered only while the call is open (``coproposer_respond``).
        pending_coproposal_invitations(user)
        .filter(proposal__call__in=open_now)
        .order_by("-proposal__updated_at", "pk")
    )
    return StaffHome(
        open_calls=calls,
        closing_soon=sum(1 for call in calls if call.closing_soon),
        drafts=drafts,
        draft_count=draft_count,
        invitations=invitations,
        invitation_count=invitation_count,
        recent=list(my_proposals(user)[:HOME_LIST_SIZE]),
    )


def unit_home_calls(*, now: datetime | None = None) -> list[Call]:
    """The calls the innovation unit is running: the latest ``UNIT_HOME_CALLS`` by opening,
    each with ``submission_count``, ``current_phase`` and ``days_left`` (to its close while it
    is upcoming or open). One query."""
    now = now or timezone.now()
    calls = list(call_list()[:UNIT_HOME_CALLS])
    for call in calls:
        call.current_phase = call.phase_at(now)
        call.days_left = days_left(call.closes_at, now=now)
    return calls


# --- The idea bank's consent (아이디어 뱅크) -----------------------------------------------


def idea_bank_consented_q() -> Q:
    """Proposals whose proposer and every accepted co-proposer agreed to show them in the idea
    bank (two correlated ``EXISTS``; the routing app adds "routed and not selected").
    Asked on every request, so a withdrawn consent takes the idea out at once."""
    agreed = IdeaBankConsent.objects.filter(proposal=OuterRef("pk"), agreed=True)
    coproposer_agreed = IdeaBankConsent.objects.filter(
        proposal=OuterRef("proposal_id"), user=OuterRef("user_id"), agreed=True
    )
    coproposer_missing = CoProposer.objects.filter(
        proposal=OuterRef("pk"), status=CoProposerStatus.ACCEPTED
    ).exclude(Exists(coproposer_agreed))
    return Q(Exists(agreed.filter(user=OuterRef("proposer_id")))) & ~Q(Exists(coproposer_missing))


@dataclass(frozen=True)
class IdeaBankState:
    """What the proposal's page tells an author about the idea bank: their own answer and
    how many of the authors agreed (no names: the authors know each other)."""

    mine: bool | None
    agreed: int
    authors: int

    @property
    def all_agreed(self) -> bool:
        return self.agreed == self.authors


def idea_bank_state(proposal: Proposal, user) -> IdeaBankState:
    """One query over the proposal's consents (the co-proposers are prefetched by the page)."""
    author_ids = {a.pk for a in proposal_authors(proposal)}
    answers = dict(
        IdeaBankConsent.objects.filter(proposal=proposal).values_list("user_id", "agreed")
    )
    return IdeaBankState(
        mine=answers.get(user.pk),
        agreed=sum(1 for pk in author_ids if answers.get(pk)),
        authors=len(author_ids),
    )


def idea_bank_consent_of(proposal: Proposal | None, user) -> bool:
    """The user's current answer on a proposal (False when never asked): the form's initial."""
    if proposal is None or proposal.pk is None:
        return False
    return IdeaBankConsent.objects.filter(proposal=proposal, user=user, agreed=True).exists()
