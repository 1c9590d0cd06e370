"""The import pages: upload → preview → apply; refused POSTs write nothing; the list costs a
fixed number of queries. (Who may open each page: tests/security/test_permission_matrix.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import AccountSource
from accounts.models import Department, User
from people.enums import ImportStatus
from people.models import ImportRecord
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.people import ORG_HEADER, STAFF_HEADER, check, csv_bytes, person, upload

from .conftest import ORG_ROWS, STAFF_ROWS

pytestmark = pytest.mark.django_db

LIST = reverse("people:import-list")


@pytest.fixture
def iu(db):
    # A local account, so that full exports in these tests leave it alone.
    return innovation_unit_user(username="IU-1", source=AccountSource.LOCAL, department=None)


@pytest.fixture
def previewed(db):
    return check(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, STAFF_ROWS))


def test_an_unknown_import_is_404(client, iu):
    client.force_login(iu)
    assert client.get(reverse("people:import-detail", kwargs={"pk": 999})).status_code == 404
    assert client.post(reverse("people:import-apply", kwargs={"pk": 999})).status_code == 404


def test_staff_cannot_upload(client, db):
    client.force_login(UserFactory())
    response = client.post(
        LIST,
        {"staff_file": upload(csv_bytes(STAFF_HEADER, STAFF_ROWS), "s.csv"), "kind": "partial"},
    )
    assert response.status_code == 403
    assert not ImportRecord.objects.exists()


def test_upload_preview_then_apply(client, iu):
    client.force_login(iu)
    assert client.get(LIST).status_code == 200

    response = client.post(
        LIST,
        {
            "org_file": upload(csv_bytes(ORG_HEADER, ORG_ROWS), "조직도.csv"),
            "staff_file": upload(csv_bytes(STAFF_HEADER, STAFF_ROWS), "인사.csv"),
            "kind": "full",
        },
    )

    record = ImportRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.created_by == iu and record.status == ImportStatus.PREVIEWED
    page = client.get(record.get_absolute_url()).content.decode()
    assert "김총무" in page and "도정혁신추진단" in page and "조직도.csv" in page
    assert record.org_sha256 in page
    assert not User.objects.filter(source=AccountSource.HR).exists()

    response = client.post(reverse("people:import-apply", kwargs={"pk": record.pk}))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED and record.applied_by == iu
    assert set(User.objects.filter(source=AccountSource.HR).values_list("username", flat=True)) == {
        "1001",
        "1002",
        "1003",
    }
    # Applying twice is refused and changes nothing.
    client.post(reverse("people:import-apply", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED


def test_a_rejected_preview_lists_the_rows_and_cannot_be_applied(client, iu):
    client.force_login(iu)
    rows = [*STAFF_ROWS, person("2001", "", "NOPE")]
    client.post(
        LIST,
        {
            "org_file": upload(csv_bytes(ORG_HEADER, ORG_ROWS), "org.csv"),
            "staff_file": upload(csv_bytes(STAFF_HEADER, rows), "staff.csv"),
            "kind": "partial",
        },
    )
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED

    page = client.get(record.get_absolute_url()).content.decode()
    assert "성명이 비어 있습니다." in page and "부서코드를 찾을 수 없습니다: NOPE" in page
    assert reverse("people:import-apply", kwargs={"pk": record.pk}) not in page

    client.post(reverse("people:import-apply", kwargs={"pk": record.pk}))
    assert (
        not Department.objects.exists()
        and not User.objects.filter(source=AccountSource.HR).exists()
    )


def test_the_upload_needs_a_file(client, iu):
    client.force_login(iu)
    response = client.post(LIST, {"kind": "full"})
    assert response.status_code == 400
    assert not ImportRecord.objects.exists()


def test_the_status_fragment_reloads_the_page_when_done(client, iu, previewed):
    client.force_login(iu)
    response = client.get(
        reverse("people:import-status", kwargs={"pk": previewed.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


def test_the_list_costs_the_same_for_few_and_many_imports(client, iu):
    client.force_login(iu)
    check(staff=csv_bytes(STAFF_HEADER, STAFF_ROWS), full=False, by=iu)
    few = count_queries(client)
    for _ in range(5):
        check(staff=csv_bytes(STAFF_HEADER, STAFF_ROWS), full=False, by=innovation_unit_user())

    assert count_queries(client) == few


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST).status_code == 200
    return len(context.captured_queries)
