"""Blind review does not leak: every page, export, attachment and email a board member can
reach is searched for the proposer's and co-proposer's names and departments."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from notifications.models import Notification
from screening.enums import ScoreVisibility
from tests.factories.screening import attach_pdf, score_all, setup_screening
from tests.screening.crawl import crawl_screening

from .conftest import COPROPOSER_DEPT, COPROPOSER_NAME, OWNING_DEPT, PROPOSER_DEPT, PROPOSER_NAME

SECRETS = [PROPOSER_NAME, PROPOSER_DEPT, COPROPOSER_NAME, COPROPOSER_DEPT, OWNING_DEPT]
FILE_NAME = f"{PROPOSER_NAME}_{PROPOSER_DEPT}_제안서.pdf"


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
        )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace") + response.get("Content-Disposition", "")


def _prepare(call, entry, other_entry, innovation_unit, member, member2, blind):
    attach_pdf(entry, name=FILE_NAME)
    screening = setup_screening(
        call=call,
        by=innovation_unit,
        members=[member, member2],
        blind=blind,
        score_visibility=ScoreVisibility.ALWAYS,
    )
    score_all(screening=screening, proposal=entry, by=member2, value=4, comment="훌륭함")
    score_all(screening=screening, proposal=entry, by=member, value=3)
    return screening


def test_nothing_leaks_to_a_board_member(
    client, call, entry, other_entry, innovation_unit, member, member2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _prepare(call, entry, other_entry, innovation_unit, member, member2, blind=True)
    client.force_login(member)
    pages = crawl_screening(client, [reverse("screening:screening-list")], _text)
    entry_url = reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": entry.pk})
    expected = {
        reverse("screening:workspace", kwargs={"call_pk": call.pk}),
        entry_url,
        reverse("screening:my-export-csv", kwargs={"call_pk": call.pk}),
        reverse("screening:my-export-xlsx", kwargs={"call_pk": call.pk}),
    }
    assert expected <= set(pages)
    assert any("/attachments/" in url for url in pages)
    assert "훌륭함" in pages[entry_url]  # the other member's review is on the page
    assert any(entry.reference in text for url, text in pages.items() if "my-scores" in url)
    for url, text in pages.items():
        for secret in SECRETS:
            assert secret not in text, (secret, url)
    (attachment_url,) = [u for u in pages if "/attachments/" in u]
    assert f"{entry.reference}-1.pdf" in pages[attachment_url]
    notices = Notification.objects.filter(recipient=member)
    assert notices.exists()
    for notice in notices:
        for secret in SECRETS:
            assert secret not in notice.subject + notice.body_text + notice.body_html


def test_without_blind_review_the_board_sees_names(client, call, entry, other_entry, innovation_unit, member, member2):
    _prepare(call, entry, other_entry, innovation_unit, member, member2, blind=False)
    client.force_login(member)
    pages = crawl_screening(client, [reverse("screening:screening-list")], _text)
    everything = " ".join(pages.values())
    for secret in SECRETS:
        assert secret in everything
    assert FILE_NAME in everything


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_innovation_unit_export_has_identities_and_all_scores(
    client, call, entry, other_entry, innovation_unit, member, member2, fmt
):
    _prepare(call, entry, other_entry, innovation_unit, member, member2, blind=True)
    client.force_login(innovation_unit)
    response = client.get(reverse(f"screening:export-{fmt}", kwargs={"call_pk": call.pk}))
    text = _text(response)
    for needle in (PROPOSER_NAME, PROPOSER_DEPT, OWNING_DEPT, member.full_name, member2.full_name, "훌륭함"):
        assert needle in text
    if fmt == "csv":
        assert response.streaming  # every row, written as it is sent
        assert text.startswith("\ufeff")
        assert response["Content-Type"].startswith("text/csv")
        body = text.removesuffix(response["Content-Disposition"])
        assert len(body.removeprefix("\ufeff").strip().splitlines()) == 3  # header + 2 reviews


def test_a_blind_entry_page_does_not_even_read_the_proposer(
    client, call, entry, other_entry, innovation_unit, member, member2
):
    """Under blind review the entry page reads neither the proposer nor the departments."""
    _prepare(call, entry, other_entry, innovation_unit, member, member2, blind=True)
    client.force_login(member)
    response = client.get(reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": entry.pk}))
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert {"proposer_id", "owning_department_id"} <= proposal.get_deferred_fields()
    assert proposal.problem == entry.problem  # the shown text is loaded
