"""A small, fully known program history for the insight tests: one decided call (2019-G)
with a selected task, its lab and adopted final report, a routed and an unrouted
not-selected proposal, a withdrawn one, board reviews with known scores; and an open call."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from guardian.shortcuts import assign_perm

from labs.enums import DecisionKind, DecisionStatus, LabStatus, MembershipStatus, Outcome
from labs.models import Decision, FinalReport, Lab, Membership, Milestone
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Attachment, Call, Proposal
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import Review as RoutingReview
from routing.models import Routing
from screening.models import Criterion, Review, Score, Screening
from screening.summaries import entry_scores_rebuild
from tests.factories import CallFactory, DepartmentFactory, SubmittedProposalFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@dataclass
class Program:
    call: Call
    selected: Proposal
    routed: Proposal
    unrouted: Proposal
    withdrawn: Proposal
    lab: Lab
    routing: Routing
    screening: Screening
    board: list
    welfare: object
    roads: object


def build_program(*, iu) -> Program:
    welfare = DepartmentFactory(code="WEL", name="복지정책과")
    roads = DepartmentFactory(code="ROAD", name="도로관리과")
    call = CallFactory(
        code="2019-G", title="2019년 G-랩 과제 공모",
        opens_at=seoul(2019, 5, 13, 9), closes_at=seoul(2019, 6, 4, 18),
        stored_phase=CallPhase.DECIDED, created_by=iu,
    )

    def entry(ref, title, proposer_name, dept, keywords, submitted_at, status):
        return SubmittedProposalFactory(
            call=call, reference=f"2019-G-{ref:03d}", title=title, keywords=keywords, status=status,
            proposer=UserFactory(full_name=proposer_name, department=dept), owning_department=dept,
            submitted_at=submitted_at,
        )

    selected = entry(1, "블록체인을 활용한 행정혁신", "김선정", welfare, "블록체인, 행정혁신",
                     seoul(2019, 5, 20, 10), ProposalStatus.SELECTED)
    routed = entry(2, "도로 파손 신고 자동화", "이미선", roads, "도로, 신고",
                   seoul(2019, 6, 4, 15), ProposalStatus.NOT_SELECTED)
    unrouted = entry(3, "종이 없는 회의", "최비공", roads, "회의, 행정혁신",
                     seoul(2019, 6, 3, 11), ProposalStatus.NOT_SELECTED)
    withdrawn = entry(4, "철회된 제안", "정철회", welfare, "철회", seoul(2019, 6, 1, 9), ProposalStatus.WITHDRAWN)

    screening = Screening.objects.create(
        call=call, deadline=seoul(2019, 6, 20, 18), created_by=iu, opened_at=seoul(2019, 6, 5, 9),
        decided_at=seoul(2019, 6, 21, 9), decided_by=iu, rationale="도전성이 높습니다.",
    )
    first = Criterion.objects.create(screening=screening, name="혁신성", weight=50, position=1)
    second = Criterion.objects.create(screening=screening, name="실현가능성", weight=50, position=2)
    board = [UserFactory(full_name="심사위원갑"), UserFactory(full_name="심사위원을")]
    for member in board:
        assign_perm("proposals.screen_call", member, call)

    def review(member, proposal, values=None, abstained=False):
        row = Review.objects.create(
            screening=screening, proposal=proposal, reviewer=member, abstained=abstained,
            abstain_reason="이해관계" if abstained else "", comment="심사의견비밀",
        )
        for criterion, value in zip((first, second), values or (), strict=False):
            Score.objects.create(review=row, criterion=criterion, value=value)

    review(board[0], selected, (5, 5))   # total 5.0
    review(board[0], routed, (3, 4))     # total 3.5
    review(board[1], selected, (4, 4))   # total 4.0
    review(board[1], routed, abstained=True)
    entry_scores_rebuild(screening_ids=[screening.pk])  # the rows were written past the services

    RoutingReview.objects.create(proposal=routed, verdict=ReviewVerdict.ROUTE, reviewed_by=iu)
    RoutingReview.objects.create(proposal=unrouted, verdict=ReviewVerdict.NOT_FEASIBLE, reviewed_by=iu,
                                 reason="예산이 부족합니다.")
    routing = Routing.objects.create(proposal=routed, department=roads, due_on=date(2019, 7, 31))
    Routing.objects.filter(pk=routing.pk).update(status=RoutingStatus.ADOPTED)
    routing.refresh_from_db()

    lab = Lab.objects.create(
        proposal=selected, name="블록체인 랩", mission="증명서 발급 혁신", start_date=date(2019, 7, 1),
        end_date=date(2019, 12, 31), created_by=iu,
    )
    Lab.objects.filter(pk=lab.pk).update(status=LabStatus.CLOSED)
    lab.refresh_from_db()
    member = UserFactory(full_name="랩팀원", department=welfare)
    Membership.objects.create(lab=lab, user=member, status=MembershipStatus.ACTIVE)
    Milestone.objects.create(lab=lab, title="시범 발급", target_date=date(2019, 10, 1), done=True, created_by=iu)
    decision = Decision.objects.create(
        lab=lab, kind=DecisionKind.FINAL_REPORT, status=DecisionStatus.ADOPTED, proposed_by=member,
        settled_at=seoul(2019, 12, 30, 9),
    )
    FinalReport.objects.create(
        decision=decision, lab=lab, summary="요약", results="성과", outcome=Outcome.PARTLY_ACHIEVED,
        lessons="배운 점",
    )
    return Program(call=call, selected=selected, routed=routed, unrouted=unrouted, withdrawn=withdrawn,
                   lab=lab, routing=routing, screening=screening, board=board, welfare=welfare, roads=roads)


def attach(proposal, name: str, content: bytes = b"%PDF-1.4 demo") -> Attachment:
    attachment = Attachment(proposal=proposal, original_name=name, size=len(content), kind="pdf",
                            uploaded_by=proposal.proposer)
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment
