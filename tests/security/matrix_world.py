"""One world for the permission matrix: an object behind every URL keyword argument and a
person in every role, built through the apps' own services wherever one exists.

- an open call with a submitted proposal (proposer + accepted co-proposer, one attachment) and an
  extra question (추가 항목) the proposal answered;
- a call in screening: a board (``board``) and an entry of the proposer, scored, with an attachment;
- a decided call: its board (``board_other`` — a board member of *another* call than the one in
  screening), the selected proposal with its running lab (``member`` and one more), a log entry
  with a file, a milestone and a pending joint decision; the not-selected proposal routed to the
  department ``routed`` whose liaison is ``liaison`` (``liaison_other`` answers for another one);
- another running lab (``member_other``), a recruiting lab with a volunteer and an open invitation
  to ``member_other``, a closed lab with an adopted final report; an answer template, an HR import record, a notification for everyone,
  ledger entries (written by the decision), a liaison grant.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import DepartmentUserObjectPermission
from accounts.services import api_token_create
from labs import services as lab_services
from labs.enums import DecisionKind, DecisionStatus, LabStatus, MembershipStatus, Outcome
from labs.models import Decision, FinalReport, Membership
from labs.terms import term_end
from notifications.calendar import calendar_feed_issue
from notifications.models import Notification
from privacy.models import CorrectionRequest
from proposals import services as proposal_services
from proposals.enums import CoProposerStatus
from proposals.models import CallQuestion, ExtraAnswer, ExtraQuestion
from routing import services as routing_services
from routing.enums import ReviewVerdict
from screening import services as screening_services
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import LabFactory, acknowledge_all, join, running_lab
from tests.factories.people import ORG_HEADER, csv_bytes
from tests.factories.people import check as hr_check
from tests.factories.routing import AnswerTemplateFactory, liaison_user
from tests.factories.screening import (
    ClosedCallFactory,
    EntryFactory,
    attach_pdf,
    score_all,
    setup_screening,
)

ROLES = (
    "anonymous",
    "staff",
    "proposer",
    "coproposer",
    "board",
    "board_other",
    "iu",
    "liaison",
    "liaison_other",
    "member",
    "member_other",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    # every object a URL keyword argument points at, by a name the matrix uses
    open_call: object = None
    proposal: object = None
    proposal_attachment: object = None
    extra_question: object = None
    screening_call: object = None
    entry: object = None
    entry_attachment: object = None
    decided_call: object = None
    selected: object = None
    not_selected: object = None
    routing: object = None
    lab: object = None
    log_entry: object = None
    lab_attachment: object = None
    milestone: object = None
    decision: object = None
    release: object = None
    recruiting_lab: object = None
    volunteer_membership: object = None
    closed_lab: object = None
    answer_template: object = None
    liaison_grant: object = None
    import_record: object = None
    notification: object = None
    calendar_secret: str = ""  # the proposer's calendar address (issue 20)
    api_token: object = None  # the proposer's (accounts:api-token-revoke)
    # --- my data (issue 20, part 4) ---
    correction_request: object = None
    idea_comment: object = None  # the idea bank: a comment on the banked not-selected proposal


def _author(proposal, coproposer):
    CoProposerFactory(proposal=proposal, user=coproposer, status=CoProposerStatus.ACCEPTED)
    return proposal


def _closed_lab(iu):
    """A lab closed with an adopted final report (rows as the lab's own closing leaves them)."""
    lab = LabFactory(created_by=iu, start_date=timezone.localdate() - timedelta(days=200),
                     end_date=timezone.localdate() - timedelta(days=20))
    member = UserFactory()
    Membership.objects.create(lab=lab, user=member, status=MembershipStatus.ACTIVE)
    decision = Decision.objects.create(
        lab=lab, kind=DecisionKind.FINAL_REPORT, status=DecisionStatus.ADOPTED, proposed_by=member,
        settled_at=timezone.now() - timedelta(days=21),
    )
    FinalReport.objects.create(decision=decision, lab=lab, summary="요약", results="성과",
                               outcome=Outcome.PARTLY_ACHIEVED, lessons="배운 점")
    lab.status = LabStatus.CLOSED
    lab.save(update_fields=["status"])
    return lab


def build_world() -> World:
    w = World()
    today = timezone.localdate()
    routed_department = DepartmentFactory(name="복지정책과")
    other_department = DepartmentFactory(name="도로관리과")
    iu = innovation_unit_user(full_name="박혁신")
    proposer = UserFactory(full_name="김제안")
    coproposer = UserFactory(full_name="이공동")
    board = UserFactory(full_name="최심사")
    board_other = UserFactory(full_name="정심사")
    liaison = liaison_user(routed_department, full_name="한담당")
    liaison_other = liaison_user(other_department, full_name="오담당")
    member = UserFactory(full_name="강팀원", department=routed_department)
    member_other = UserFactory(full_name="윤팀원")
    w.users = {
        "anonymous": None, "staff": UserFactory(full_name="서직원"), "proposer": proposer,
        "coproposer": coproposer, "board": board, "board_other": board_other, "iu": iu,
        "liaison": liaison, "liaison_other": liaison_other, "member": member, "member_other": member_other,
    }

    # An open call with a submitted proposal.
    w.open_call = CallFactory(created_by=iu)
    w.proposal = _author(SubmittedProposalFactory(call=w.open_call, proposer=proposer), coproposer)
    w.proposal_attachment = attach_pdf(w.proposal, name="김제안_제안서.pdf")
    w.extra_question = ExtraQuestion.objects.create(call=w.open_call, kind="short_text", label="추진 경험", max_length=200)
    ExtraAnswer.objects.create(proposal=w.proposal, question=w.extra_question, value="있습니다.")
    w.call_question = CallQuestion.objects.create(call=w.open_call, asked_by=proposer, text="첨부 파일은 몇 개까지 되나요?")

    # A call in screening: board, a scored entry with an attachment.
    w.screening_call = ClosedCallFactory(created_by=iu)
    w.entry = _author(EntryFactory(call=w.screening_call, proposer=proposer), coproposer)
    EntryFactory(call=w.screening_call)
    w.entry_attachment = attach_pdf(w.entry, name="김제안_첨부.pdf")
    screening = setup_screening(call=w.screening_call, by=iu, members=[board])
    score_all(screening=screening, proposal=w.entry, by=board, value=4)

    # A decided call: selected proposal → lab; not-selected proposal → routed.
    w.decided_call = ClosedCallFactory(created_by=iu)
    w.selected = _author(EntryFactory(call=w.decided_call, proposer=proposer), coproposer)
    w.not_selected = _author(
        EntryFactory(call=w.decided_call, proposer=proposer, owning_department=routed_department), coproposer
    )
    decided = setup_screening(call=w.decided_call, by=iu, members=[board_other])
    score_all(screening=decided, proposal=w.selected, by=board_other, value=5)
    score_all(screening=decided, proposal=w.not_selected, by=board_other, value=3)
    screening_services.screening_decide(call=w.decided_call, by=iu, selected=[w.selected], rationale="도전성")
    w.not_selected.refresh_from_db()
    routing_services.proposal_review(
        proposal=w.not_selected, by=iu, verdict=ReviewVerdict.ROUTE, note="추진 가치가 있습니다.",
        departments=[routed_department], lead_department=routed_department,
    )
    w.routing = w.not_selected.routings.get()
    # The idea bank: both authors agreed, so the routed not-selected proposal is an idea all
    # staff read; a colleague supports it and comments.
    for author in (proposer, coproposer):
        proposal_services.idea_bank_consent_set(proposal=w.not_selected, by=author, agreed=True)
    routing_services.idea_support(proposal=w.not_selected, by=w.users["staff"])
    w.idea_comment = routing_services.idea_comment_add(
        proposal=w.not_selected, by=w.users["staff"], text="좋은 생각입니다."
    )

    w.lab = lab_services.lab_form(
        proposal=w.selected, by=iu, name="블록체인 랩", mission="증명서 발급 혁신",
        start_date=today, end_date=term_end(today, 6),
    )
    join(w.lab, member, by=iu)
    join(w.lab, UserFactory(full_name="문팀원"), by=iu)
    acknowledge_all(w.lab, by=iu)
    w.lab = lab_services.lab_start(lab=w.lab, by=iu)
    w.log_entry = lab_services.log_entry_create(
        lab=w.lab, by=member, entry_date=today, did="시범 발급을 준비했습니다.",
        uploads=[SimpleUploadedFile("회의록.pdf", b"%PDF-1.4 lab notes")],
    )
    w.lab_attachment = w.log_entry.attachments.get()
    w.milestone = lab_services.milestone_create(lab=w.lab, by=member, title="시범 발급",
                                                target_date=today + timedelta(days=30))
    w.decision = lab_services.decision_propose(
        lab=w.lab, by=member, kind=DecisionKind.SCOPE_CHANGE, summary="범위를 넓힙니다.",
        new_mission="증명서 발급과 열람 혁신",
    )
    w.release = Membership.objects.get(lab=w.lab, user=member).releases.get()

    running_lab(member_other, UserFactory(), iu=iu)
    w.recruiting_lab = LabFactory(created_by=iu)
    w.volunteer_membership = lab_services.lab_volunteer(lab=w.recruiting_lab, by=UserFactory(full_name="손지원"))
    # The member of the other lab has also been invited to the recruiting one (and not answered).
    lab_services.membership_invite(
        membership=lab_services.lab_volunteer(lab=w.recruiting_lab, by=member_other), by=iu
    )
    w.closed_lab = _closed_lab(iu)

    w.answer_template = AnswerTemplateFactory(created_by=iu)
    w.liaison_grant = DepartmentUserObjectPermission.objects.get(
        user=liaison, content_object=routed_department, permission__codename="act_as_liaison"
    )
    w.import_record = hr_check(org=csv_bytes(ORG_HEADER, [["INNO", "도정혁신추진단", "", "Y"]]), full=False, by=iu)

    # A notification for every person (the outcome notices already reached the authors).
    for user in w.users.values():
        if user is not None and not Notification.objects.filter(recipient=user).exists():
            Notification.objects.create(
                recipient=user, kind="matrix_welcome", key=f"matrix_welcome:{user.pk}", subject="환영합니다",
                body_text="G-Lab 포털에 오신 것을 환영합니다.", url="/",
            )
    w.notification = Notification.objects.filter(recipient=proposer).order_by("pk").first()
    w.calendar_secret = calendar_feed_issue(user=proposer)
    w.api_token, _secret = api_token_create(user=proposer, name="보고 시스템")
    # --- my data (issue 20, part 4): a correction request waiting for the unit ---
    w.correction_request = CorrectionRequest.objects.create(
        requester=proposer, section="profile", what_is_wrong="부서가 틀립니다.", should_be="청년정책과"
    )
    return w
