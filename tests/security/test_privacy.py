"""Privacy: consent at first sign-in, the personal-data access log, anonymisation of closed calls."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import get_resolver, reverse
from django.utils import timezone

from glab_portal.header import header_state
from ledger.models import LedgerEntry
from notifications.models import Notification
from privacy.access import NOT_PERSONAL, PERSONAL_DATA_HINTS, PERSONAL_DATA_URLS
from privacy.anonymise import PLACEHOLDER_USERNAME
from privacy.models import AnonymisedCall, PersonalDataAccess, PrivacyConsent
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Attachment, CoProposer, Proposal
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)

from .urlwalk import all_url_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent_on(settings):
    settings.PRIVACY_CONSENT_REQUIRED = True
    settings.PRIVACY_NOTICE_VERSION = "2026-1"


def test_a_first_sign_in_goes_to_the_consent_page_and_back(client, staff, consent_on):
    client.force_login(staff)
    response = client.get("/proposals/mine/")
    assert response.status_code == 302
    assert response.url == reverse("privacy:consent") + "?next=%2Fproposals%2Fmine%2F"
    page = client.get(response.url)
    assert page.status_code == 200 and "개인정보" in page.content.decode()
    refused = client.post(reverse("privacy:consent"), {"next": "/proposals/mine/"})
    assert refused.status_code == 200 and not PrivacyConsent.objects.exists()
    accepted = client.post(reverse("privacy:consent"), {"agree": "on", "next": "/proposals/mine/"})
    assert accepted.status_code == 302 and accepted.url == "/proposals/mine/"
    assert PrivacyConsent.objects.get().user == staff
    assert client.get("/proposals/mine/").status_code == 200


def test_a_post_before_consent_writes_nothing(client, staff, open_call, consent_on):
    client.force_login(staff)
    response = client.post(reverse("proposals:proposal-create", args=[open_call.pk]), {"title": "제안"})
    assert response.status_code == 302 and response.url == reverse("privacy:consent")
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("url", ["/accounts/login/", "/privacy/", "/jsi18n/"])
def test_sign_in_notice_and_assets_need_no_consent(client, staff, consent_on, url):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code in (200, 302)
    assert reverse("privacy:consent") not in response.get("Location", "")


def test_seeing_downloading_and_correcting_ones_data_need_no_consent(client, staff, consent_on):
    """PIPA 제35조·제36조: the rights of access and correction do not wait for the notice."""
    client.force_login(staff)
    assert client.get(reverse("privacy:my-data")).status_code == 200
    assert client.get(reverse("privacy:my-data-download")).status_code == 200
    assert client.get("/proposals/mine/").status_code == 302  # everything else still asks


def test_a_new_notice_version_asks_again_and_an_old_consent_is_kept(client, staff, consent_on, settings):
    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    client.force_login(staff)
    assert client.get("/").status_code == 200
    settings.PRIVACY_NOTICE_VERSION = "2027-1"
    assert client.get("/").status_code == 302
    client.post(reverse("privacy:consent"), {"agree": "on"})
    assert set(PrivacyConsent.objects.values_list("notice_version", flat=True)) == {"2026-1", "2027-1"}


def test_the_consent_page_never_redirects_off_site(client, staff, consent_on):
    client.force_login(staff)
    response = client.post(reverse("privacy:consent"), {"agree": "on", "next": "https://evil.example/"})
    assert response.url == reverse("home")


def _attachment(proposal, user):
    attachment = Attachment(proposal=proposal, original_name="계획서.pdf", size=9, kind="pdf", uploaded_by=user)
    attachment.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


def test_downloading_an_attachment_is_logged_and_a_refused_one_is_not(client, staff, other_staff):
    proposal = ProposalFactory(proposer=staff)
    attachment = _attachment(proposal, staff)
    client.force_login(other_staff)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert not PersonalDataAccess.objects.exists()
    client.force_login(staff)
    response = client.get(attachment.get_absolute_url(), REMOTE_ADDR="10.2.3.4")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.what, entry.object_type, entry.object_id, entry.ip_address) == (
        staff, "proposals:attachment-download", "proposals.attachment", attachment.pk, "10.2.3.4"
    )


def test_an_export_is_logged_with_its_call(iu_client, innovation_unit, open_call):
    SubmittedProposalFactory(call=open_call)
    url = reverse("proposals:call-submissions-export", kwargs={"pk": open_call.pk, "fmt": "csv"})
    assert iu_client.get(url).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.object_type, entry.object_id) == (innovation_unit, "proposals.call", open_call.pk)


def test_every_export_download_or_print_url_is_classified():
    """A new URL that looks like it hands out data must be added to PERSONAL_DATA_URLS (logged)
    or NOT_PERSONAL (a deliberate decision)."""
    names = all_url_names()
    looking = {n for n in names if any(hint in n.split(":")[-1] for hint in PERSONAL_DATA_HINTS)}
    unclassified = looking - set(PERSONAL_DATA_URLS) - NOT_PERSONAL - {
        "proposals:attachment-delete",  # a POST that removes a file: hands out nothing
    }
    assert not unclassified, f"classify these in privacy/access.py: {sorted(unclassified)}"
    stale = set(PERSONAL_DATA_URLS) - names
    missing_apps = {n for n in stale if n.split(":")[0] not in set(get_resolver().namespace_dict)}
    assert stale == missing_apps, f"no such URL: {sorted(stale - missing_apps)}"


# --- Anonymisation -----------------------------------------------------------------------------


@pytest.fixture
def old_call(db):
    now = timezone.now()
    return CallFactory(code="2019-G", opens_at=now - timedelta(days=2200), closes_at=now - timedelta(days=2190))


def test_anonymising_a_closed_call_unlinks_people_and_keeps_the_record(
    old_call, innovation_unit, django_capture_on_commit_callbacks
):
    proposer = UserFactory(full_name="홍길동")
    submitted = SubmittedProposalFactory(call=old_call, proposer=proposer, title="블록체인을 활용한 행정혁신",
                                         status=ProposalStatus.NOT_SELECTED)
    draft = ProposalFactory(call=old_call, proposer=proposer, idea="홍길동의 초안")
    coproposer = CoProposerFactory(proposal=submitted, status=CoProposerStatus.ACCEPTED).user
    attachment = _attachment(submitted, proposer)
    attachment.board_file.save("board", ContentFile(b"%PDF-1.4\n"))
    stored, board_copy = attachment.file.path, attachment.board_file.path
    Notification.objects.create(recipient=proposer, kind="k", key="k1", subject="s", body_text="홍길동",
                                about_type="proposals.proposal", about_id=submitted.pk)
    recent = CallFactory()
    recent_proposal = SubmittedProposalFactory(call=recent, proposer=proposer)
    ledger_before = list(LedgerEntry.objects.values_list("entry_hash", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_closed_calls", "--older-than-days", "1825")

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.proposer.username == PLACEHOLDER_USERNAME and not submitted.proposer.is_active
    assert submitted.title == "블록체인을 활용한 행정혁신" and submitted.reference  # the record stays
    assert draft.proposer.username == PLACEHOLDER_USERNAME and draft.idea == "" and draft.title != ""
    assert not CoProposer.objects.filter(proposal__call=old_call).exists()
    # No history row keeps the link either, not even the "deleted" one the deletion writes.
    assert not CoProposer.history.filter(user_id=coproposer.pk).exists()
    assert not Attachment.objects.filter(proposal__call=old_call).exists()
    assert not os.path.exists(stored) and not os.path.exists(board_copy)
    assert not Notification.objects.filter(about_id=submitted.pk, about_type="proposals.proposal").exists()
    history = Proposal.history.filter(id=submitted.pk)
    assert history.exists() and set(history.values_list("proposer_id", flat=True)) == {submitted.proposer_id}
    assert set(history.values_list("history_user_id", flat=True)) == {None}
    assert not Proposal.history.filter(id=draft.pk, idea="홍길동의 초안").exists()
    # Other calls and the ledger are untouched; the proposer's account stays.
    recent_proposal.refresh_from_db()
    assert recent_proposal.proposer == proposer
    assert list(LedgerEntry.objects.values_list("entry_hash", flat=True)) == ledger_before
    record = AnonymisedCall.objects.get(call=old_call)
    assert (record.proposals, record.coproposers_removed, record.attachments_removed) == (2, 1, 1)


def test_anonymisation_lowers_the_badge_of_people_who_lose_unread_notifications(old_call):
    """Deleting unread notifications lowers their recipients' badge on their next page."""
    proposer, reader = UserFactory(), UserFactory()
    submitted = SubmittedProposalFactory(call=old_call, proposer=proposer)
    Notification.objects.create(recipient=proposer, kind="k", key="k-unread", subject="s", body_text="b",
                                about_type="proposals.proposal", about_id=submitted.pk)
    Notification.objects.create(recipient=reader, kind="k", key="k-read", subject="s", body_text="b",
                                about_type="proposals.proposal", about_id=submitted.pk, read_at=timezone.now())
    assert header_state(proposer)["unread"] == 1
    call_command("anonymise_closed_calls", "--older-than-days", "1825")
    assert header_state(type(proposer).objects.get(pk=proposer.pk))["unread"] == 0


def test_anonymisation_is_idempotent_and_spares_young_and_open_calls(old_call):
    young = CallFactory(opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=30))
    SubmittedProposalFactory(call=old_call)
    young_proposal = SubmittedProposalFactory(call=young)
    call_command("anonymise_closed_calls", "--older-than-days", "1825")
    call_command("anonymise_closed_calls", "--older-than-days", "1825")
    assert AnonymisedCall.objects.count() == 1
    young_proposal.refresh_from_db()
    assert young_proposal.proposer.username != PLACEHOLDER_USERNAME


def test_a_dry_run_changes_nothing(old_call, capsys):
    proposal = SubmittedProposalFactory(call=old_call)
    call_command("anonymise_closed_calls", "--older-than-days", "1825", "--dry-run")
    assert "2019-G" in capsys.readouterr().out
    proposal.refresh_from_db()
    assert proposal.proposer.username != PLACEHOLDER_USERNAME and not AnonymisedCall.objects.exists()


def test_the_notice_names_the_privacy_officer_once_configured(client, settings):
    url = reverse("privacy:notice")
    page = client.get(url).content.decode()
    assert "개인정보 보호책임자의 성명과 연락처는 포털을 여는 날까지" in page  # not configured yet
    settings.PRIVACY_OFFICER_NAME = "정보보호관 홍길동"
    settings.PRIVACY_OFFICER_POSITION = "도정혁신추진단장"
    settings.PRIVACY_OFFICER_CONTACT = "061-000-0000, privacy@example.go.kr"
    page = client.get(url).content.decode()
    assert "정보보호관 홍길동 (도정혁신추진단장)" in page and "061-000-0000, privacy@example.go.kr" in page
    assert "포털을 여는 날까지" not in page
