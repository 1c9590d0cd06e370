"""An import that deactivates people asks first, stating how many; the upload form preselects
no kind, so nobody sends a full export by leaving the default."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.enums import AccountSource
from accounts.models import User
from people.enums import ImportStatus
from people.models import ImportRecord
from tests.db import row_counts
from tests.factories import innovation_unit_user
from tests.factories.people import ORG_HEADER, STAFF_HEADER, check, csv_bytes, upload

from .conftest import ORG_ROWS, STAFF_ROWS

pytestmark = pytest.mark.django_db

LIST = reverse("people:import-list")
KIND_REQUIRED = "Choose what the files contain: a full export or changes only."
DEACTIVATED = (
    "%(count)d person will be deactivated: they are signed out, can no longer sign in, "
    "and their liaison roles end.",
    "%(count)d people will be deactivated: they are signed out, can no longer sign in, "
    "and their liaison roles end.",
)


@pytest.fixture
def iu(db):
    return innovation_unit_user(username="IU-1", source=AccountSource.LOCAL, department=None)


def test_the_upload_form_preselects_no_kind(client, iu):
    client.force_login(iu)
    page = client.get(LIST).content.decode()
    kind_inputs = re.findall(r'<input[^>]*name="kind"[^>]*>', page)
    assert len(kind_inputs) == 2
    assert not any("checked" in tag for tag in kind_inputs)


def test_an_upload_without_a_kind_is_refused_with_a_clear_error(client, iu):
    client.force_login(iu)
    before = row_counts()
    response = client.post(LIST, {"staff_file": upload(csv_bytes(STAFF_HEADER, STAFF_ROWS), "s.csv")})
    assert response.status_code == 400
    assert row_counts() == before
    with translation.override("ko"):
        assert escape(translation.gettext(KIND_REQUIRED)) in response.content.decode()


@pytest.fixture
def deactivating(imported, iu):
    """A full export that lists one of the three imported people: two are to be deactivated."""
    record = check(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, STAFF_ROWS[:1]))
    assert record.status == ImportStatus.PREVIEWED and record.people_deactivated == 2
    return record


def test_applying_without_confirm_writes_nothing_and_states_the_count(client, iu, deactivating):
    client.force_login(iu)
    url = reverse("people:import-apply", kwargs={"pk": deactivating.pk})
    before = row_counts()

    response = client.post(url)

    assert response.status_code == 200
    assert row_counts() == before
    with translation.override("ko"):
        statement = translation.ngettext(*DEACTIVATED, 2) % {"count": 2}
    page = response.content.decode()
    assert escape(statement) in page
    assert 'name="confirm" value="1"' in page and f'action="{url}"' in page
    assert ImportRecord.objects.get(pk=deactivating.pk).status == ImportStatus.PREVIEWED


def test_applying_with_confirm_deactivates(client, iu, deactivating):
    client.force_login(iu)

    response = client.post(reverse("people:import-apply", kwargs={"pk": deactivating.pk}), {"confirm": "1"})

    assert response.status_code == 302
    deactivating.refresh_from_db()
    assert deactivating.status == ImportStatus.APPLIED
    assert set(User.objects.filter(source=AccountSource.HR, is_active=True).values_list("username", flat=True)) == {
        "1001"
    }
