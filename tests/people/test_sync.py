"""The HR sync: creating, idempotence, transfers, promotions, departures, closed departments."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from accounts.enums import AccountSource, Grade
from accounts.models import Department, User
from accounts.permissions import liaison_departments
from accounts.services import department_liaison_assign
from labs.models import DutyRelease
from proposals.models import Proposal
from tests.factories import PASSWORD, SubmittedProposalFactory, UserFactory, innovation_unit_user
from tests.factories.labs import LabFactory, acknowledge_all, join
from tests.factories.people import ORG_HEADER, STAFF_HEADER, check, csv_bytes, person, run
from tests.factories.routing import RoutingFactory

from .conftest import ORG_ROWS, STAFF_ROWS

pytestmark = pytest.mark.django_db


def staff_file(rows):
    return csv_bytes(STAFF_HEADER, rows)


def org_file(rows):
    return csv_bytes(ORG_HEADER, rows)


def test_first_import_creates_the_org_chart_and_the_people(org_csv, staff_csv):
    record = run(org=org_csv, staff=staff_csv)

    assert record.status == "applied"
    assert (record.departments_created, record.people_created, record.rows_rejected) == (5, 3, 0)
    inno = Department.objects.get(code="INNO")
    assert (inno.name, inno.parent.code, inno.is_active) == ("도정혁신추진단", "PLAN", True)
    assert inno.history.count() == 1
    kim = User.objects.get(username="1001")
    assert (kim.full_name, kim.email, kim.department.code, kim.grade) == (
        "김총무",
        "1001@gyeongnam.go.kr",
        "GENA",
        Grade.GRADE_6,
    )
    assert kim.source == AccountSource.HR and kim.is_active
    assert not kim.has_usable_password()  # first sign-in goes through the emailed link
    assert len(record.org_sha256) == 64 and len(record.staff_sha256) == 64


def test_the_same_files_twice_change_nothing(imported, org_csv, staff_csv):
    before = list(User.objects.order_by("pk").values())
    history = sum(d.history.count() for d in Department.objects.all())

    record = run(org=org_csv, staff=staff_csv)

    assert record.status == "applied"
    assert record.change_count == 0
    assert list(User.objects.order_by("pk").values()) == before
    assert sum(d.history.count() for d in Department.objects.all()) == history


def test_a_transfer_moves_the_person_and_ends_their_liaison_role(
    imported, django_capture_on_commit_callbacks
):
    iu = innovation_unit_user(username="9001", source=AccountSource.LOCAL, department=None)
    kim = User.objects.get(username="1001")
    department_liaison_assign(department=imported["GENA"], user=kim)
    proposal = SubmittedProposalFactory(proposer=kim, call__created_by=iu)
    rows = [person("1001", "김총무", "ICT", "6급"), *STAFF_ROWS[1:]]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        record = run(staff=staff_file(rows), full=True)

    assert (record.people_changed, record.people_created, record.people_deactivated) == (1, 0, 0)
    kim.refresh_from_db()
    assert kim.department == imported["ICT"] and kim.is_active
    assert not liaison_departments(kim).exists()
    assert [m.to for m in mail.outbox] == [[iu.email]]
    assert "김총무" in mail.outbox[0].body and "총무과" in mail.outbox[0].body
    # Their proposal still carries them, under their new department.
    assert Proposal.objects.get(pk=proposal.pk).proposer == kim


def test_a_lab_member_who_transfers_stays_and_the_release_follows(imported):
    iu = innovation_unit_user(username="9001", source=AccountSource.LOCAL, department=None)
    kim, lee = User.objects.get(username="1001"), User.objects.get(username="1002")
    lab = LabFactory(created_by=iu)
    join(lab, kim, by=iu)
    join(lab, lee, by=iu)
    acknowledge_all(lab, by=iu)
    rows = [person("1001", "김총무", "INNO", "6급"), *STAFF_ROWS[1:]]

    run(staff=staff_file(rows))

    release = DutyRelease.objects.get(membership__user=kim)
    assert release.department == imported["INNO"]
    assert release.membership.status == "active"
    assert DutyRelease.objects.get(membership__user=lee).department == imported["ICT"]


def test_a_promotion_changes_the_grade_only(imported):
    rows = [person("1001", "김총무", "GENA", "5급"), *STAFF_ROWS[1:]]

    record = run(staff=staff_file(rows))

    assert record.preview["people_changed"] == [
        {
            "line": 2,
            "number": "1001",
            "name": "김총무",
            "changes": [{"field": "직급", "old": "6급", "new": "5급"}],
        }
    ]
    kim = User.objects.get(username="1001")
    assert (kim.grade, kim.department.code) == (Grade.GRADE_5, "GENA")


def test_someone_missing_from_a_full_export_is_deactivated_not_deleted(imported, client):
    kim = User.objects.get(username="1001")
    kim.set_password(PASSWORD)
    kim.save()
    outside = UserFactory(username="EXT-1", source=AccountSource.LOCAL)
    proposal = SubmittedProposalFactory(proposer=kim, call__created_by=outside)
    client.post(reverse("accounts:login"), {"username": "1001", "password": PASSWORD})
    assert client.session[SESSION_KEY] == str(kim.pk)

    record = run(staff=staff_file(STAFF_ROWS[1:]), full=True)

    assert record.people_deactivated == 1
    assert record.preview["people_deactivated"][0]["reason"] == "전체 자료에 없습니다."
    kim.refresh_from_db()
    assert not kim.is_active
    assert Proposal.objects.get(pk=proposal.pk).proposer.full_name == "김총무"
    outside.refresh_from_db()
    assert outside.is_active  # a local account is never touched
    # The session they had ends on the next request; signing in again is refused.
    response = client.get(reverse("proposals:my-proposals"))
    assert response.status_code == 302 and response.wsgi_request.user.is_anonymous
    response = client.post(reverse("accounts:login"), {"username": "1001", "password": PASSWORD})
    assert response.status_code == 200 and response.wsgi_request.user.is_anonymous


def test_a_partial_export_deactivates_only_rows_marked_inactive(imported):
    record = run(staff=staff_file([person("1002", "이정보", "ICT", "7급", active="N")]), full=False)

    assert record.people_deactivated == 1
    assert set(User.objects.filter(is_active=True).values_list("username", flat=True)) == {
        "1001",
        "1003",
    }


def test_someone_who_returns_is_reactivated(imported):
    run(staff=staff_file(STAFF_ROWS[1:]), full=True)

    record = run(staff=staff_file(STAFF_ROWS), full=True)

    assert record.people_changed == 1
    assert User.objects.get(username="1001").is_active


def test_a_department_that_disappears_is_closed_and_its_routings_flagged(imported):
    iu = innovation_unit_user(username="9001", source=AccountSource.LOCAL, department=None)
    routing = RoutingFactory(department=imported["GENA"])
    liaison = UserFactory(username="1004", department=imported["ADMIN"])
    department_liaison_assign(department=imported["GENA"], user=liaison)
    org = [row for row in ORG_ROWS if row[0] != "GENA"]
    staff = [
        person("1001", "김총무", "ADMIN", "6급"),
        *STAFF_ROWS[1:],
        person("1004", liaison.full_name, "ADMIN"),
    ]

    record = run(org=org_file(org), staff=staff_file(staff), full=True, by=iu)

    assert record.status == "applied"
    listed = {row[0] for row in org}
    closed = {entry["code"] for entry in record.preview["departments_closed"]}
    assert "GENA" in closed
    assert closed == set(Department.objects.exclude(code__in=listed).values_list("code", flat=True))
    gena = Department.objects.get(code="GENA")
    assert not gena.is_active
    assert gena.history.first().history_change_reason == "HR import"
    routing.refresh_from_db()
    assert routing.department_closed
    assert not liaison_departments(liaison).exists()


def test_a_department_cannot_close_while_people_still_work_in_it(imported):
    org = [row for row in ORG_ROWS if row[0] != "GENA"]

    record = run(org=org_file(org), full=True)

    assert record.status == "rejected"
    assert [r["reason"] for r in record.preview["rejected"]] == [
        "1명이 소속되어 있어 폐지할 수 없는 부서입니다: GENA (1001)"
    ]
    assert Department.objects.get(code="GENA").is_active


def test_a_department_renamed_and_moved(imported):
    org = [*ORG_ROWS[:3], ["GENA", "총무담당관", "PLAN", "Y"], ORG_ROWS[4]]

    record = run(org=org_file(org))

    assert record.departments_changed == 1
    gena = Department.objects.get(code="GENA")
    assert (gena.name, gena.parent.code) == ("총무담당관", "PLAN")


def test_the_preview_writes_nothing(org_csv, staff_csv):
    record = check(org=org_csv, staff=staff_csv)

    assert record.status == "previewed"
    assert (record.departments_created, record.people_created) == (5, 3)
    assert not Department.objects.exists() and not User.objects.exists()
