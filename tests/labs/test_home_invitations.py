"""A person's open invitations to join a lab are on their home page (labs registers a home
panel through core.panels), each linking to the lab's page where they answer it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs import services
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.labs import LabFactory

pytestmark = pytest.mark.django_db


def invite(lab, user, iu):
    membership = services.lab_volunteer(lab=lab, by=user)
    return services.membership_invite(membership=membership, by=iu)


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_invitation_is_on_the_home_page_until_answered(client):
    iu, person, other = innovation_unit_user(), UserFactory(), UserFactory()
    lab = LabFactory(name="민원 혁신 랩", created_by=iu)
    invite(lab, person, iu)
    client.force_login(person)
    body = home(client)
    assert "랩 참여 초대" in body and "민원 혁신 랩" in body
    assert reverse("labs:lab-detail", args=[lab.pk]) in body
    client.force_login(other)
    assert "민원 혁신 랩" not in home(client)
    services.membership_respond(lab=lab, by=person, accept=True)
    client.force_login(person)
    assert "랩 참여 초대" not in home(client)


def test_a_volunteer_not_yet_invited_sees_nothing(client):
    iu, person = innovation_unit_user(), UserFactory()
    services.lab_volunteer(lab=LabFactory(name="자원만 한 랩", created_by=iu), by=person)
    client.force_login(person)
    assert "랩 참여 초대" not in home(client)


def test_the_home_page_runs_a_fixed_number_of_queries_whatever_the_invitations(client):
    iu, person = innovation_unit_user(), UserFactory()
    labs = [LabFactory(created_by=iu)]
    invite(labs[0], person, iu)
    client.force_login(person)
    home(client)
    with CaptureQueriesContext(connection) as few:
        home(client)
    for _ in range(5):
        labs.append(LabFactory(created_by=iu))
        invite(labs[-1], person, iu)
    with CaptureQueriesContext(connection) as many:
        body = home(client)
    assert all(f'href="{reverse("labs:lab-detail", args=[lab.pk])}"' in body for lab in labs)
    assert len(few) == len(many)
