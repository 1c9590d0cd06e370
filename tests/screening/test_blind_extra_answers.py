"""Extra questions (추가 항목) during blind review: a board member, following every link of the
board's reach (pages and exports), reads the answers to the questions shown to the board and
nothing of the hidden one, and no page names the proposer; the innovation unit reads every
answer on the proposal page, the print view, the submissions export and the call's archive.

File answers: see the last test (and tests/proposals/test_extra_file_answers.py)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Call, ExtraAnswer, Proposal
from tests.factories import CallFactory, DepartmentFactory, UserFactory
from tests.factories.extras import ExtraAnswerFactory, ExtraQuestionFactory
from tests.factories.screening import setup_screening
from tests.proposals import scrub_samples as samples
from tests.proposals.helpers import proposal_data
from tests.screening.crawl import crawl_screening
from tests.screening.test_blind import SECRETS, _text
from tests.screening.test_blind_files import _body

SHOWN_LABEL, SHOWN_ANSWER = "관련 업무 경험", "민원 창구를 삼 년 동안 맡았습니다"
HIDDEN_LABEL, HIDDEN_ANSWER = "내부 참고 사항", "숨겨진답변문장"


@pytest.fixture
def proposer_with_identity(db):
    return UserFactory(
        username=samples.EMPLOYEE_NUMBER, full_name=samples.NAME, email=samples.EMAIL
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def answers(call, entry):
    shown = ExtraQuestionFactory(call=call, label=SHOWN_LABEL, kind="long_text", max_length=2000)
    hidden = ExtraQuestionFactory(call=call, label=HIDDEN_LABEL, hidden_from_board=True)
    ExtraAnswerFactory(question=shown, proposal=entry, value=SHOWN_ANSWER)
    ExtraAnswerFactory(question=hidden, proposal=entry, value=HIDDEN_ANSWER)
    return shown, hidden


@pytest.mark.parametrize("blind", [True, False])
def test_the_board_reads_shown_answers_only_and_no_identity(
    client, call, entry, other_entry, innovation_unit, member, answers, blind
):
    setup_screening(call=call, by=innovation_unit, members=[member], blind=blind)
    client.force_login(member)

    pages = crawl_screening(client, [reverse("screening:screening-list")], _text)

    entry_url = reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": entry.pk})
    assert SHOWN_LABEL in pages[entry_url] and SHOWN_ANSWER in pages[entry_url]
    assert any("my-scores" in url for url in pages)
    for url, text in pages.items():
        # Hidden from the board whether the review is blind or not.
        assert HIDDEN_LABEL not in text and HIDDEN_ANSWER not in text, url
        if blind:
            for secret in SECRETS:
                assert secret not in text, (secret, url)


def test_the_unit_reads_every_answer_everywhere(
    iu_client, call, entry, innovation_unit, member, answers
):
    setup_screening(call=call, by=innovation_unit, members=[member])
    urls = {
        "page": entry.get_absolute_url(),
        "print": reverse("insight:print-proposal", args=[entry.pk]),
        "export": reverse(
            "proposals:call-submissions-export", kwargs={"pk": call.pk, "fmt": "csv"}
        ),
    }
    for name, url in urls.items():
        response = iu_client.get(url)
        assert response.status_code == 200, name
        text = _text(response)
        for shown in (SHOWN_LABEL, SHOWN_ANSWER, HIDDEN_LABEL, HIDDEN_ANSWER):
            assert shown in text, (name, shown)

    response = iu_client.get(reverse("insight:call-archive", args=[call.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        table = archive.read(f"{call.code}/proposals.csv").decode("utf-8-sig")
    for shown in (SHOWN_LABEL, SHOWN_ANSWER, HIDDEN_LABEL, HIDDEN_ANSWER):
        assert shown in table


def test_the_entry_page_reads_answers_in_a_fixed_number_of_queries(
    client, call, entry, innovation_unit, member
):
    setup_screening(call=call, by=innovation_unit, members=[member])
    client.force_login(member)
    url = reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": entry.pk})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    ExtraAnswerFactory(question__call=call, proposal=entry)
    few = count()
    for _ in range(12):
        ExtraAnswerFactory(question__call=call, proposal=entry)
    assert count() == few


def test_file_answers_reach_the_board_scrubbed_and_neutrally_named_and_hidden_ones_not_at_all(
    client, proposer_with_identity, innovation_unit, member
):
    """The proposer answers two file questions through the proposal form with a PDF naming them
    (name, 사번, email), one question hidden from the board. Everything the board reaches holds
    none of the three; the shown answer is named like the board's attachments, the hidden one is
    neither listed nor downloadable."""
    call = CallFactory(code="2019-F")
    shown = ExtraQuestionFactory(call=call, kind="file", max_length=None, label="사업 계획서")
    hidden = ExtraQuestionFactory(
        call=call, kind="file", max_length=None, label=HIDDEN_LABEL, hidden_from_board=True
    )
    client.force_login(proposer_with_identity)
    response = client.post(
        reverse("proposals:proposal-create", args=[call.pk]),
        proposal_data(
            action="submit",
            department=DepartmentFactory(),
            **{
                f"extra_{shown.pk}": SimpleUploadedFile(
                    f"{samples.NAME}_계획서.pdf", samples.pdf_with_identity()
                ),
                f"extra_{hidden.pk}": SimpleUploadedFile(
                    f"{samples.NAME}_내부.pdf", samples.pdf_with_identity()
                ),
            },
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(proposer=proposer_with_identity)
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    client.logout()
    setup_screening(call=call, by=innovation_unit, members=[member])
    client.force_login(member)

    answers = crawl_screening(client, [reverse("screening:screening-list")], _body)

    downloads = [url for url in answers if "/attachments/" in url]
    assert len(downloads) == 1  # the shown answer's file only
    for url, body in answers.items():
        assert samples.leaks(body) == [], url
        assert HIDDEN_LABEL.encode() not in body, url
    page = answers[
        reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": proposal.pk})
    ].decode()
    assert "사업 계획서" in page and f"{proposal.reference}-1.pdf" in page
    hidden_file = ExtraAnswer.objects.get(question=hidden).attachment
    url = reverse(
        "screening:entry-attachment",
        kwargs={"call_pk": call.pk, "pk": proposal.pk, "attachment_pk": hidden_file.pk},
    )
    assert client.get(url).status_code == 404
