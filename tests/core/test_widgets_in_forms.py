"""Every form that had a native date, datetime-local or file input now uses the Korean widgets
(core.widgets) and still validates and saves through its page: a call's opening and closing,
an extended deadline, the screening deadline, a department's target date, a lab's dates and log
entry with files, proposal attachments and the HR import upload."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.widgets import DateTimeWidget, DateWidget, FileUploadWidget, MultipleFileUploadWidget
from labs.forms import DecisionForm, FinalReportForm, LabForm, LogEntryForm, MilestoneForm
from labs.models import LogEntry
from people.forms import ImportUploadForm
from proposals.forms import CallForm, ExtendDeadlineForm, ProposalForm
from proposals.models import Call
from routing.enums import RoutingStatus
from routing.forms import AnswerForm
from screening.forms import ScreeningSettingsForm
from screening.models import Screening
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.labs import running_lab
from tests.factories.routing import RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory

SEOUL = ZoneInfo("Asia/Seoul")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NATIVE = ('type="date"', 'type="datetime-local"', 'type="time"')

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form", "field", "widget"),
    [
        (CallForm, "opens_at", DateTimeWidget),
        (CallForm, "closes_at", DateTimeWidget),
        (ExtendDeadlineForm, "closes_at", DateTimeWidget),
        (ScreeningSettingsForm, "deadline", DateTimeWidget),
        (AnswerForm, "target_date", DateWidget),
        (LabForm, "start_date", DateWidget),
        (LabForm, "end_date", DateWidget),
        (LabForm, "recruitment_closes_on", DateWidget),
        (LogEntryForm, "entry_date", DateWidget),
        (LogEntryForm, "uploads", MultipleFileUploadWidget),
        (MilestoneForm, "target_date", DateWidget),
        (DecisionForm, "new_end_date", DateWidget),
        (FinalReportForm, "uploads", MultipleFileUploadWidget),
        (ProposalForm, "new_attachments", MultipleFileUploadWidget),
        (ImportUploadForm, "org_file", FileUploadWidget),
        (ImportUploadForm, "staff_file", FileUploadWidget),
    ],
)
def test_each_date_time_and_file_field_uses_the_korean_widget(form, field, widget):
    declared = form.base_fields[field].widget
    assert isinstance(declared, widget)
    with translation.override("ko"):
        html = declared.render(field, None, {"id": f"id_{field}"})
    assert not any(native in html for native in NATIVE)


def split(name, day, hour, minute):
    return {f"{name}_0": day, f"{name}_1": hour, f"{name}_2": minute}


def test_the_unit_opens_a_call_with_the_date_and_time_selects(iu_client):
    data = {"title": "2027년 G-랩 과제 공모", "code": "2027-G", "description": "공모합니다.", "attachment_max_mb": "10"}
    data |= split("opens_at", "2027.05.13", "09", "00") | split("closes_at", "20270604", "18", "00")
    response = iu_client.post(reverse("proposals:call-create"), data)
    assert response.status_code == 302
    call = Call.objects.get(code="2027-G")
    assert call.opens_at == datetime.datetime(2027, 5, 13, 9, 0, tzinfo=SEOUL)
    assert call.closes_at == datetime.datetime(2027, 6, 4, 18, 0, tzinfo=SEOUL)
    page = iu_client.get(reverse("proposals:call-update", args=[call.pk])).content.decode()
    assert 'value="2027-06-04"' in page and '<option value="18" selected>' in page


def test_a_call_form_without_an_hour_is_refused_in_korean_and_keeps_the_date(iu_client):
    data = {"title": "공모", "code": "2027-H", "description": "공모합니다.", "attachment_max_mb": "10"}
    data |= split("opens_at", "2027-05-13", "09", "00") | split("closes_at", "2027-06-04", "", "00")
    response = iu_client.post(reverse("proposals:call-create"), data)
    assert response.status_code == 200
    with translation.override("ko"):
        message = gettext("Choose the hour as well as the date.")
    assert response.context["form"].errors["closes_at"] == [message]
    assert 'value="2027-06-04"' in response.content.decode()
    assert not Call.objects.filter(code="2027-H").exists()


def test_the_deadline_is_extended_with_the_date_and_time_selects(iu_client, open_call):
    new = timezone.localtime(open_call.closes_at) + datetime.timedelta(days=3)
    data = split("closes_at", new.date().isoformat(), "17", "55")
    response = iu_client.post(reverse("proposals:call-extend", args=[open_call.pk]), data)
    assert response.status_code == 302
    open_call.refresh_from_db()
    assert open_call.closes_at == datetime.datetime.combine(new.date(), datetime.time(17, 55), tzinfo=SEOUL)


def test_the_screening_deadline_is_set_with_the_date_and_time_selects(client, innovation_unit):
    call = ClosedCallFactory(code="2019-W")
    client.force_login(innovation_unit)
    data = {"selection_count": 1, "score_visibility": "after_own", "scale_max": 5}
    data |= split("deadline", "2030.06.20", "18", "00")
    response = client.post(reverse("screening:setup", kwargs={"call_pk": call.pk}), data)
    assert response.status_code == 302
    assert Screening.objects.get(call=call).deadline == datetime.datetime(2030, 6, 20, 18, 0, tzinfo=SEOUL)


def test_a_department_answers_with_a_target_date_typed_with_dots(client):
    routing = RoutingFactory()
    client.force_login(liaison_user(routing.department))
    target = timezone.localdate() + datetime.timedelta(days=90)
    data = {"status": RoutingStatus.ADOPTED, "text": "시범 운영", "target_date": target.strftime("%Y.%m.%d")}
    response = client.post(reverse("routing:routing-answer", args=[routing.pk]), data)
    assert response.status_code == 302
    routing.refresh_from_db()
    assert routing.target_date == target


def test_a_lab_member_logs_an_entry_with_a_date_and_files(client):
    member = UserFactory()
    lab = running_lab(member, UserFactory(), iu=innovation_unit_user(), start_offset_days=20)
    client.force_login(member)
    day = timezone.localdate() - datetime.timedelta(days=3)
    uploads = [SimpleUploadedFile("회의록.pdf", PDF), SimpleUploadedFile("계획.pdf", PDF)]
    data = {"entry_date": day.strftime("%Y%m%d"), "did": "인터뷰를 했습니다.", "uploads": uploads}
    response = client.post(reverse("labs:entry-create", args=[lab.pk]), data)
    assert response.status_code == 302
    entry = LogEntry.objects.get(lab=lab)
    assert entry.entry_date == day
    assert sorted(a.original_name for a in entry.attachments.all()) == ["계획.pdf", "회의록.pdf"]


def test_a_lab_form_reads_its_dates_and_refuses_a_wrong_one_in_korean():
    data = {"name": "랩", "mission": "임무", "start_date": "2027.07.01", "end_date": "2027-12-31",
            "recruitment_closes_on": "2027-06-15", "log_cadence_days": "14"}
    form = LabForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == datetime.date(2027, 7, 1)
    with translation.override("ko"):
        form = LabForm(data | {"end_date": "2027-12-32"})
        assert form.errors["end_date"] == [gettext("Enter the date as year-month-day, for example 2026-12-31.")]
    assert 'value="2027-12-32"' in str(form["end_date"])
