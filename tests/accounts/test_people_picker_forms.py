"""Every form that names a person carries the people picker, and each still takes typed
employee numbers with JavaScript off (the picker's script only fills the same field): the
co-proposers of a proposal, a department's liaison, a lab's add-member decision. (The board's
set-up: tests/screening/test_views.py.)"""

import re

import pytest
from django.urls import reverse

from accounts.permissions import liaison_departments
from labs.enums import DecisionKind
from labs.models import Decision
from proposals.models import CoProposer, Proposal
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.labs import running_lab
from tests.proposals.helpers import proposal_data

pytestmark = pytest.mark.django_db


def assert_picker(page: str, name: str, *, multiple: bool) -> None:
    """The field is the plain text input inside the picker's wrapper, and the page loads the
    picker's script."""
    wrapper = re.search(r"<div class=\"portal-picker\" data-people-picker[^>]*>\s*<input[^>]*>", page)
    assert wrapper, "no people picker on the page"
    assert f'name="{name}"' in wrapper.group(0) and 'type="text"' in wrapper.group(0)
    assert ("data-multiple" in wrapper.group(0)) is multiple
    assert 'src="/static/js/people-picker.js" defer' in page


def test_co_proposers_are_picked_and_still_typed(staff_client, staff, open_call):
    create = reverse("proposals:proposal-create", args=[open_call.pk])
    assert_picker(staff_client.get(create).content.decode(), "coproposer_numbers", multiple=True)
    first, second = UserFactory(full_name="최첫째"), UserFactory(full_name="최둘째")
    data = proposal_data(department=DepartmentFactory(), coproposer_numbers=f"{first.username}, {second.username}")
    response = staff_client.post(create, data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert set(CoProposer.objects.filter(proposal=proposal).values_list("user", flat=True)) == {first.pk, second.pk}
    # The edit page names them again, for the picker's chips.
    page = staff_client.get(reverse("proposals:proposal-update", args=[proposal.pk])).content.decode()
    assert "최첫째" in page and "최둘째" in page


def test_an_inactive_co_proposer_is_refused_by_the_form(staff_client, open_call):
    gone = UserFactory(full_name="한퇴직", is_active=False)
    create = reverse("proposals:proposal-create", args=[open_call.pk])
    response = staff_client.post(create, proposal_data(department=DepartmentFactory(), coproposer_numbers=gone.username))
    assert response.status_code == 400
    assert response.context["form"].errors["coproposer_numbers"]
    assert not Proposal.objects.exists()


def test_a_liaison_is_picked_and_still_typed(iu_client):
    department = DepartmentFactory(name="도로관리과")
    person = UserFactory(full_name="한담당")
    url = reverse("routing:liaison-list")
    assert_picker(iu_client.get(url).content.decode(), "employee_number", multiple=False)
    response = iu_client.post(url, {"department": department.pk, "employee_number": person.username})
    assert response.status_code == 302
    assert list(liaison_departments(person)) == [department]


def test_a_lab_member_to_add_is_picked_and_still_typed(client):
    a, b, newcomer = UserFactory(), UserFactory(), UserFactory(full_name="신입팀원")
    lab = running_lab(a, b)
    client.force_login(a)
    url = reverse("labs:decision-create", kwargs={"pk": lab.pk})
    assert_picker(client.get(url).content.decode(), "subject_number", multiple=False)
    response = client.post(
        url, {"kind": DecisionKind.ADD_MEMBER, "summary": "함께 일합니다.", "subject_number": newcomer.username}
    )
    assert response.status_code == 302
    assert Decision.objects.get(lab=lab, kind=DecisionKind.ADD_MEMBER).subject == newcomer


@pytest.mark.django_db
def test_a_nul_typed_into_a_person_field_is_a_form_error_not_a_server_error(client):
    """The picker widget looks up what was typed to show it back; a NUL (which PostgreSQL
    refuses in a string) is no one's number."""
    from tests.factories import CallFactory

    call = CallFactory()
    client.force_login(UserFactory())
    response = client.post(f"/calls/{call.pk}/propose/", {"coproposer_numbers": "\x00", "title": ""})
    assert response.status_code == 400
