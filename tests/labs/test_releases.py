
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labs import services
from labs.models import DutyRelease
from notifications.models import Notification
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.labs import LabFactory, join, liaison_of, running_lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_departments():
    finance, transport = DepartmentFactory(name="예산담당관"), DepartmentFactory(name="교통정책과")
    return finance, transport


def test_a_liaison_of_the_home_department_acknowledges(two_departments, innovation_unit):
    finance, transport = two_departments
    member = UserFactory(department=finance)
    finance_liaison, transport_liaison = liaison_of(finance), liaison_of(transport)
    lab = LabFactory()
    join(lab, member, by=innovation_unit)
    release = DutyRelease.objects.get(membership__user=member)

    with pytest.raises(PermissionDenied):
        services.release_acknowledge(release=release, by=transport_liaison)
    with pytest.raises(PermissionDenied):
        services.release_acknowledge(release=release, by=member)
    release.refresh_from_db()
    assert release.acknowledged_at is None

    services.release_acknowledge(release=release, by=finance_liaison, order_reference="인사발령 제2026-123호")
    release.refresh_from_db()
    assert release.department == finance
    assert release.order_reference == "인사발령 제2026-123호"
    assert release.notified_at is None  # takes effect when the lab starts
    with pytest.raises(ValidationError):
        services.release_acknowledge(release=release, by=finance_liaison)


def test_the_release_notice_reaches_the_right_department(
    two_departments, innovation_unit, django_capture_on_commit_callbacks
):
    finance, transport = two_departments
    a, b = UserFactory(department=finance), UserFactory(department=transport)
    finance_liaison, transport_liaison = liaison_of(finance), liaison_of(transport)
    liaison_of(DepartmentFactory())  # a liaison of an uninvolved department
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lab = running_lab(a, b, iu=innovation_unit)

    notices = Notification.objects.filter(kind="labs_release_in_effect")
    assert {(n.recipient, n.body_text.count(a.full_name) > 0) for n in notices} == {
        (finance_liaison, True),
        (transport_liaison, False),
    }
    subjects = {n.subject for n in notices}
    emails = [m for m in mail.outbox if m.subject in subjects]
    assert all(lab.start_date.isoformat() in m.body and lab.end_date.isoformat() in m.body for m in emails)
    assert sorted(m.to[0] for m in emails) == sorted([finance_liaison.email, transport_liaison.email])
    release = DutyRelease.objects.get(membership__user=a)
    assert release.notified_at is not None and release.closed_at is None
    assert (release.starts_on, release.ends_on) == (lab.start_date, lab.end_date)


def test_leaving_ends_the_release_and_tells_the_department(
    two_departments, innovation_unit, django_capture_on_commit_callbacks
):
    finance, transport = two_departments
    a, b, c = UserFactory(department=finance), UserFactory(department=transport), UserFactory()
    finance_liaison = liaison_of(finance)
    lab = running_lab(a, b, c, iu=innovation_unit)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_leave(lab=lab, by=a)
    release = DutyRelease.objects.get(membership__user=a)
    assert release.closed_at is not None
    assert Notification.objects.filter(kind="labs_release_ended").get().recipient == finance_liaison


def test_home_department_change_moves_an_open_release(two_departments, innovation_unit):
    finance, transport = two_departments
    a, b = UserFactory(department=finance), UserFactory()
    transport_liaison = liaison_of(transport)
    lab = running_lab(a, b, iu=innovation_unit)
    a.department = transport
    a.save()
    moved = services.lab_member_home_department_changed(user=a, new_department=transport, by=None)
    assert [r.membership.user for r in moved] == [a]
    release = DutyRelease.objects.get(membership__user=a)
    assert release.department == transport
    notice = Notification.objects.get(kind="labs_release_in_effect", recipient=transport_liaison)
    assert lab.name in notice.body_text
    # Calling it again moves nothing and sends nothing more.
    assert services.lab_member_home_department_changed(user=a, new_department=transport) == []
