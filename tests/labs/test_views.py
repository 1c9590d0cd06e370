from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs import services
from labs.enums import DecisionKind, DecisionStatus, LabStatus, Outcome
from labs.models import Decision, Lab, LabAttachment, LogComment, LogEntry, Milestone
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.labs import LabFactory, SelectedProposalFactory, join, liaison_of, running_lab

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="결과.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def lab_and_members(innovation_unit):
    a, b = UserFactory(full_name="김육급", grade="6"), UserFactory(full_name="이칠급", grade="7")
    return running_lab(a, b, iu=innovation_unit), a, b


@pytest.fixture
def other_lab_member(innovation_unit):
    c, d = UserFactory(), UserFactory()
    running_lab(c, d, iu=innovation_unit)
    return c


def entry_data(**extra):
    return {"entry_date": timezone.localdate().isoformat(), "did": "인터뷰 3건", "learned": "수요가 있다", **extra}


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("anonymous", 302, 302),
        ("staff", 404, 404),
        ("other_lab_member", 404, 404),
        ("innovation_unit", 200, 403),
        ("member", 200, 302),
    ],
)
def test_log_permissions(client, lab_and_members, other_lab_member, innovation_unit, staff, who, get_status, post_status):
    lab, a, _b = lab_and_members
    user = {"staff": staff, "other_lab_member": other_lab_member, "innovation_unit": innovation_unit, "member": a}.get(who)
    if user:
        client.force_login(user)
    assert client.get(reverse("labs:timeline", kwargs={"pk": lab.pk})).status_code == get_status
    assert client.get(reverse("labs:entry-create", kwargs={"pk": lab.pk})).status_code == (
        200 if who == "member" else post_status
    )
    response = client.post(reverse("labs:entry-create", kwargs={"pk": lab.pk}), entry_data())
    assert response.status_code == post_status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    assert LogEntry.objects.filter(lab=lab).count() == (1 if who == "member" else 0)


@pytest.mark.parametrize("who", ["staff", "innovation_unit"])
def test_every_staff_member_reads_the_lab_page(client, lab_and_members, innovation_unit, staff, who):
    lab, a, b = lab_and_members
    client.force_login({"staff": staff, "innovation_unit": innovation_unit}[who])
    page = client.get(lab.get_absolute_url()).content.decode()
    for text in ("김육급", "이칠급", "6급", "7급", a.department.name, b.department.name, lab.mission):
        assert text in page
    assert "일상업무" in page


def test_forming_a_lab_through_the_form(client, innovation_unit):
    proposal = SelectedProposalFactory(proposer_volunteers=True)
    client.force_login(innovation_unit)
    start = timezone.localdate()
    data = {"name": "블록체인 랩", "mission": "임무", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=40)).isoformat(), "log_cadence_days": 14}
    response = client.post(reverse("labs:lab-create", kwargs={"proposal_pk": proposal.pk}), data)
    assert response.status_code == 200
    assert "6개월" in response.content.decode()  # the Korean term message
    assert not Lab.objects.exists()

    data["end_date"] = (start + timedelta(days=120)).isoformat()
    response = client.post(reverse("labs:lab-create", kwargs={"proposal_pk": proposal.pk}), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.lab.memberships.get().user == proposal.proposer


def test_staff_cannot_start_or_close(client, staff, innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = LabFactory()
    join(lab, a, by=innovation_unit)
    join(lab, b, by=innovation_unit)
    client.force_login(staff)
    assert client.post(reverse("labs:lab-start", kwargs={"pk": lab.pk})).status_code == 403
    lab.refresh_from_db()
    assert lab.status == LabStatus.RECRUITING


def test_members_and_the_innovation_unit_comment_but_the_unit_does_not_edit(client, lab_and_members, innovation_unit):
    lab, a, _b = lab_and_members
    entry = services.log_entry_create(lab=lab, by=a, entry_date=timezone.localdate(), did="회의")
    client.force_login(innovation_unit)
    url = reverse("labs:entry-comment", kwargs={"pk": lab.pk, "entry_pk": entry.pk})
    assert client.post(url, {"body": "좋습니다"}).status_code == 302
    assert LogComment.objects.get().author == innovation_unit
    edit = reverse("labs:entry-update", kwargs={"pk": lab.pk, "entry_pk": entry.pk})
    assert client.post(edit, entry_data(did="바꿈")).status_code == 403
    entry.refresh_from_db()
    assert entry.did == "회의"


def test_volunteer_and_accept_through_the_pages(client, innovation_unit, staff):
    lab = LabFactory()
    client.force_login(staff)
    assert client.post(reverse("labs:lab-volunteer", kwargs={"pk": lab.pk})).status_code == 302
    membership = lab.memberships.get(user=staff)
    client.force_login(innovation_unit)
    client.post(reverse("labs:membership-invite", kwargs={"pk": lab.pk, "membership_pk": membership.pk}))
    client.force_login(staff)
    client.post(reverse("labs:membership-respond", kwargs={"pk": lab.pk}), {"answer": "accept"})
    assert client.get(reverse("labs:timeline", kwargs={"pk": lab.pk})).status_code == 200


def test_release_acknowledgement_page(client, innovation_unit):
    member = UserFactory()
    right, wrong = liaison_of(member.department), liaison_of(UserFactory().department)
    lab = LabFactory()
    join(lab, member, by=innovation_unit)
    release = member.lab_memberships.get().releases.get()
    url = reverse("labs:release-acknowledge", kwargs={"pk": release.pk})
    client.force_login(member)
    assert client.get(reverse("labs:release-list")).status_code == 403
    assert client.post(url, {"order_reference": "x"}).status_code == 404
    client.force_login(wrong)
    assert client.post(url, {"order_reference": "x"}).status_code == 404
    release.refresh_from_db()
    assert release.acknowledged_at is None
    client.force_login(right)
    assert member.full_name in client.get(reverse("labs:release-list")).content.decode()
    assert client.post(url, {"order_reference": "제2026-1호"}).status_code == 302
    release.refresh_from_db()
    assert release.order_reference == "제2026-1호"


def test_signing_through_the_page(client, lab_and_members):
    lab, a, b = lab_and_members
    decision = services.decision_propose(lab=lab, by=a, kind=DecisionKind.SCOPE_CHANGE, new_mission="새 임무")
    client.force_login(b)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "새 임무" in page
    client.post(reverse("labs:decision-sign", kwargs={"pk": lab.pk, "decision_pk": decision.pk}), {"verdict": "sign"})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ADOPTED


def test_attachments_are_served_by_permission(client, lab_and_members, staff):
    lab, a, b = lab_and_members
    client.force_login(a)
    client.post(reverse("labs:entry-create", kwargs={"pk": lab.pk}), entry_data(uploads=pdf("회의록.pdf")))
    attachment = LabAttachment.objects.get()
    assert attachment.original_name == "회의록.pdf" and attachment.kind == "pdf"
    assert "회의록" not in attachment.file.name
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(staff)
    assert client.get(attachment.get_absolute_url()).status_code == 404

    client.force_login(a)
    report = {"summary": "요약", "results": "결과", "outcome": Outcome.PARTLY_ACHIEVED, "lessons": "교훈",
              "uploads": pdf("최종보고.pdf")}
    assert client.post(reverse("labs:report-create", kwargs={"pk": lab.pk}), report).status_code == 302
    report_file = LabAttachment.objects.get(report__isnull=False)
    client.force_login(staff)
    assert client.get(report_file.get_absolute_url()).status_code == 404  # not yet signed off
    services.decision_sign(decision=Decision.objects.get(kind=DecisionKind.FINAL_REPORT), by=b, approve=True)
    assert client.get(report_file.get_absolute_url()).status_code == 200
    assert "교훈" in client.get(lab.get_absolute_url()).content.decode()


def test_a_fake_pdf_is_refused_and_nothing_is_written(client, lab_and_members):
    lab, a, _b = lab_and_members
    client.force_login(a)
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(reverse("labs:entry-create", kwargs={"pk": lab.pk}), entry_data(uploads=fake))
    assert response.status_code == 200
    assert not LogEntry.objects.exists() and not LabAttachment.objects.exists()


def _fill_timeline(lab, member, n):
    for i in range(n):
        entry = services.log_entry_create(
            lab=lab, by=member, entry_date=timezone.localdate() - timedelta(days=i), did=f"활동 {i}", uploads=[pdf()]
        )
        services.log_comment_add(entry=entry, by=member, body="메모")
        Milestone.objects.create(lab=lab, title=f"단계 {i}", target_date=lab.end_date, created_by=member)


def test_timeline_query_count_is_flat(client, lab_and_members, django_assert_num_queries):
    lab, a, _b = lab_and_members
    client.force_login(a)
    url = reverse("labs:timeline", kwargs={"pk": lab.pk})
    _fill_timeline(lab, a, 1)
    client.get(url)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill_timeline(lab, a, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url_name", ["labs:overview", "labs:lab-list"])
def test_overview_query_count_is_flat(client, innovation_unit, django_assert_num_queries, url_name):
    client.force_login(innovation_unit)
    running_lab(iu=innovation_unit)
    client.get(reverse(url_name))  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    for _ in range(3):
        lab = running_lab(iu=innovation_unit)
        services.log_entry_create(lab=lab, by=lab.memberships.first().user, entry_date=timezone.localdate(), did="x")
    SelectedProposalFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_overview_flags_an_overdue_log(client, innovation_unit):
    quiet = running_lab(iu=innovation_unit, start_offset_days=20)
    busy = running_lab(iu=innovation_unit, start_offset_days=20)
    services.log_entry_create(lab=busy, by=busy.memberships.first().user, entry_date=timezone.localdate(), did="x")
    client.force_login(innovation_unit)
    rows = {row["lab"].pk: row for row in client.get(reverse("labs:overview")).context["rows"]}
    assert rows[quiet.pk]["overdue"] is True
    assert rows[busy.pk]["overdue"] is False
    assert rows[busy.pk]["lab"].last_log_date == timezone.localdate()
    assert rows[busy.pk]["days_left"] == (busy.end_date - timezone.localdate()).days + 1


def test_lab_page_query_count_is_flat(client, staff, innovation_unit, django_assert_num_queries):
    small = running_lab(iu=innovation_unit)
    large = running_lab(*(UserFactory() for _ in range(5)), iu=innovation_unit)
    for lab in (small, large):
        member = lab.memberships.first().user
        services.milestone_create(lab=lab, by=member, title="조사", target_date=lab.end_date)
    client.force_login(staff)
    client.get(small.get_absolute_url())  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(large.get_absolute_url()).status_code == 200


def test_the_innovation_unit_edits_a_recruiting_lab_only(client, innovation_unit, staff):
    lab = LabFactory()
    url = reverse("labs:lab-update", kwargs={"pk": lab.pk})
    data = {"name": "새 이름", "mission": "새 임무", "start_date": lab.start_date.isoformat(),
            "end_date": lab.end_date.isoformat(), "log_cadence_days": 7}
    client.force_login(staff)
    assert client.post(url, data).status_code == 403
    client.force_login(innovation_unit)
    assert client.post(url, data).status_code == 302
    lab.refresh_from_db()
    assert (lab.name, lab.log_cadence_days) == ("새 이름", 7)
    started = running_lab(iu=innovation_unit)
    assert client.get(reverse("labs:lab-update", kwargs={"pk": started.pk})).status_code == 404


def _signed_decision(lab, *signers):
    decision = services.decision_propose(lab=lab, by=signers[0], kind=DecisionKind.SCOPE_CHANGE, new_mission="새 임무")
    for signer in signers[1:]:
        services.decision_sign(decision=decision, by=signer, approve=True)
    return decision


def test_decision_pages_query_count_is_flat(client, innovation_unit, django_assert_num_queries):
    """More members and sign-offs: the same queries (sign-offs come with their signers,
    members with their names)."""
    small = running_lab(iu=innovation_unit)
    people = [UserFactory() for _ in range(5)]
    large = running_lab(*people, iu=innovation_unit)
    pages = []
    small_members = [m.user for m in small.memberships.select_related("user")]
    for lab, signers in ((small, small_members), (large, people)):
        decision = _signed_decision(lab, *signers[:-1])
        pages.append((reverse("labs:decision-list", kwargs={"pk": lab.pk}), decision.get_absolute_url()))
    client.force_login(innovation_unit)
    for small_url, large_url in zip(pages[0], pages[1], strict=True):
        client.get(small_url)  # warm the per-process caches (content types)
        with CaptureQueriesContext(connection) as few:
            assert client.get(small_url).status_code == 200
        with django_assert_num_queries(len(few.captured_queries)):
            assert client.get(large_url).status_code == 200


def test_release_list_query_count_is_flat(client, innovation_unit, django_assert_num_queries):
    """A liaison's release list: the department ids, then the page and its count, however
    many releases it shows."""
    department = DepartmentFactory()
    liaison = liaison_of(department)
    running_lab(UserFactory(department=department), UserFactory(department=department), iu=innovation_unit)
    client.force_login(liaison)
    url = reverse("labs:release-list")
    client.get(url)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    running_lab(*(UserFactory(department=department) for _ in range(4)), iu=innovation_unit)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["releases"]) == 6
