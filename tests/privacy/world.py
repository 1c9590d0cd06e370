"""A person with rows in every section of their "my data" (``fill``), for the download tests.

Rows are written directly (the services are tested in their own apps): ``n`` of each, every
text carrying ``marker`` so a test can tell whose rows a file holds."""

from datetime import timedelta

from django.utils import timezone
from guardian.shortcuts import assign_perm

from labs.enums import DecisionKind, MembershipStatus, SignoffVerdict
from labs.models import Decision, LabAttachment, LogComment, LogEntry, Membership, Signoff
from notifications.models import Notification
from people.enums import ImportKind, ImportOrigin, ImportStatus
from people.models import ImportRecord
from privacy.models import CorrectionRequest, PersonalDataAccess, PrivacyConsent
from proposals.models import Attachment, CallQuestion
from routing.enums import RoutingEventKind, RoutingStatus
from routing.models import RoutingEvent
from screening.enums import ConflictDecision, ConflictSource
from screening.models import (
    Assignment,
    Conflict,
    Criterion,
    OutsideEvaluator,
    Review,
    Score,
    Screening,
)
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)
from tests.factories.labs import LabFactory
from tests.factories.routing import ReviewFactory, RoutingFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory


def _screening(person, marker, i, iu):
    """A blind screening on which ``person`` sits, with one entry written by someone else whom
    the person reviews, is assigned and declares a conflict on (another entry)."""
    call = ClosedCallFactory(title=f"{marker} 심사 공모 {i}")
    screening = Screening.objects.create(
        call=call, deadline=timezone.now() + timedelta(days=7), created_by=iu
    )
    criterion = Criterion.objects.create(screening=screening, name=f"{marker} 혁신성")
    assign_perm("proposals.screen_call", person, call)
    proposer = UserFactory(full_name=f"{marker}제안자{i}")
    entry = EntryFactory(call=call, proposer=proposer, title=f"{marker} 심사 대상 {i}")
    Assignment.objects.create(screening=screening, proposal=entry, member=person)
    review = Review.objects.create(
        screening=screening, proposal=entry, reviewer=person, comment=f"{marker} 심사 의견 {i}"
    )
    Score.objects.create(review=review, criterion=criterion, value=4)
    other_entry = EntryFactory(call=call, proposer=proposer, title=f"{marker} 이해충돌 대상 {i}")
    Conflict.objects.create(
        screening=screening,
        proposal=other_entry,
        member=person,
        source=ConflictSource.DECLARED,
        reason=f"{marker} 같은 팀 {i}",
        decision=ConflictDecision.CONFIRMED,
        decided_by=person,
    )
    return proposer


def _lab(person, marker, i):
    lab = LabFactory(name=f"{marker} 랩 {i}")
    Membership.objects.create(
        lab=lab, user=person, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    entry = LogEntry.objects.create(
        lab=lab, author=person, entry_date=timezone.localdate(), did=f"{marker} 한 일 {i}"
    )
    LogComment.objects.create(entry=entry, author=person, body=f"{marker} 댓글 {i}")
    decision = Decision.objects.create(
        lab=lab, kind=DecisionKind.SCOPE_CHANGE, proposed_by=person, summary=f"{marker} 결정 {i}"
    )
    Signoff.objects.create(
        decision=decision, user=person, verdict=SignoffVerdict.SIGNED, comment=f"{marker} 서명 {i}"
    )
    LabAttachment.objects.create(
        lab=lab,
        entry=entry,
        file="labs/x.pdf",
        original_name=f"{marker}-랩파일-{i}.pdf",
        size=10,
        kind="pdf",
        uploaded_by=person,
    )
    return lab


def fill(person, *, marker: str, n: int = 1, iu=None) -> dict:
    """``n`` rows of every kind the portal keeps about ``person``; returns the other people
    whose names must not appear in the person's file."""
    iu = iu or UserFactory(full_name=f"{marker}혁신단")
    others = {"iu": iu}
    OutsideEvaluator.objects.create(user=person, affiliation=f"{marker} 대학교", created_by=iu)
    for i in range(n):
        call = CallFactory(title=f"{marker} 공모 {i}")
        own = SubmittedProposalFactory(call=call, proposer=person, title=f"{marker} 제안 {i}")
        owner = UserFactory(full_name=f"{marker}대표제안자{i}")
        CoProposerFactory(
            proposal=ProposalFactory(proposer=owner, title=f"{marker} 공동 제안 {i}"), user=person
        )
        others[f"owner{i}"] = owner
        attachment = Attachment.objects.create(
            proposal=own,
            file="proposals/x.pdf",
            original_name=f"{marker}-첨부-{i}.pdf",
            size=10,
            kind="pdf",
            uploaded_by=person,
        )
        CallQuestion.objects.create(call=call, asked_by=person, text=f"{marker} 질문 {i}")
        others[f"proposer{i}"] = _screening(person, marker, i, iu)
        routing = RoutingFactory()
        RoutingEvent.objects.create(
            routing=routing,
            kind=RoutingEventKind.ANSWER,
            status=RoutingStatus.ADOPTED,
            department=routing.department,
            text=f"{marker} 부서 답변 {i}",
            by=person,
        )
        ReviewFactory(reviewed_by=person, note=f"{marker} 실효성 검토 {i}")
        _lab(person, marker, i)
        Notification.objects.create(
            recipient=person,
            kind="proposal_submitted",
            key=f"{marker}:{person.pk}:{i}",
            subject=f"{marker} 알림 {i}",
            body_text=f"{marker} 본문 {i}",
        )
        ImportRecord.objects.create(
            kind=ImportKind.FULL,
            origin=ImportOrigin.WEB,
            status=ImportStatus.APPLIED,
            applied_at=timezone.now(),
            preview={
                "people_changed": [
                    {
                        "number": person.username,
                        "name": person.full_name,
                        "changes": [{"field": "grade", "old": "7급", "new": f"{marker} 6급 {i}"}],
                    }
                ]
            },
        )
        PrivacyConsent.objects.create(user=person, notice_version=f"{marker}-{i}")
        PersonalDataAccess.objects.create(
            user=iu,
            user_id_at_access=iu.pk,
            what="proposals:attachment-download",
            object_type="proposals.attachment",
            object_id=attachment.pk,
            path=f"/{marker}/about/{i}",
        )
        PersonalDataAccess.objects.create(
            user=person,
            user_id_at_access=person.pk,
            what="insight:export",
            path=f"/{marker}/by/{i}",
        )
        CorrectionRequest.objects.create(
            requester=person,
            section="profile",
            what_is_wrong=f"{marker} 틀림 {i}",
            should_be=f"{marker} 바름 {i}",
        )
    return others
