import unicodedata
import uuid

import pytest
from django.urls import reverse
from django.utils.html import escape

from proposals.enums import ProposalStatus
from proposals.models import Attachment, Proposal
from tests.factories import ProposalFactory, SubmittedProposalFactory
from tests.proposals.helpers import (
    MINIMAL_PDF,
    MINIMAL_PNG,
    SAMPLE_FILES,
    proposal_data,
    sample_upload,
    upload,
)

TYPED_TITLE = "첨부가 커도 지워지면 안 되는 제목"
TYPED_IDEA = "오래 공들여 쓴 개선 방안입니다."


def create_url(call):
    return reverse("proposals:proposal-create", args=[call.pk])


def no_file_stored():
    """A refused file is never stored, nor is anything submitted; the typed text is kept as a
    draft (a failed form loses nothing the person typed)."""
    return not Attachment.objects.exists() and not Proposal.objects.exclude(status="draft").exists()


@pytest.mark.parametrize("action", ["save", "submit"])
def test_oversized_attachment_is_a_form_error_and_keeps_the_text(
    staff_client, open_call, department, action
):
    open_call.attachment_max_mb = 1
    open_call.save()
    big = upload("큰 파일.pdf", MINIMAL_PDF + b"0" * (1024 * 1024 + 1 - len(MINIMAL_PDF)))
    assert big.size == 1024 * 1024 + 1

    response = staff_client.post(
        create_url(open_call),
        proposal_data(
            department=department,
            action=action,
            title=TYPED_TITLE,
            idea=TYPED_IDEA,
            new_attachments=big,
        ),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["new_attachments"]
    page = response.content.decode()
    assert f'value="{TYPED_TITLE}"' in page
    assert TYPED_IDEA in page
    # The typed text is kept as a draft (issue 16: a failed form loses nothing); the refused
    # file is not stored.
    assert Proposal.objects.get().title == TYPED_TITLE
    assert not Attachment.objects.exists()


def test_attachment_of_exactly_the_limit_is_accepted(staff_client, open_call, department):
    open_call.attachment_max_mb = 1
    open_call.save()
    exact = upload("딱 맞는 파일.pdf", MINIMAL_PDF + b"0" * (1024 * 1024 - len(MINIMAL_PDF)))
    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, new_attachments=exact)
    )
    assert response.status_code == 302
    assert Attachment.objects.get().size == 1024 * 1024


def test_pdf_whose_content_is_png_is_refused(staff_client, open_call, department):
    response = staff_client.post(
        create_url(open_call),
        proposal_data(
            department=department,
            title=TYPED_TITLE,
            new_attachments=upload("위장.pdf", MINIMAL_PNG),
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["new_attachments"]
    assert f'value="{TYPED_TITLE}"' in response.content.decode()
    assert no_file_stored()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("프로그램.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("스크립트.js", b"alert(1)"),
        ("문서.docx", b"PK\x03\x04" + b"\x00" * 40),  # a zip that is not a zip
        ("문서.xlsx", SAMPLE_FILES["docx"][1]),  # a docx renamed
        ("사진.jpg", MINIMAL_PNG),
        ("메모.txt", b"\x00\x01\x02binary"),
        ("확장자없음", MINIMAL_PDF),
    ],
)
def test_unaccepted_or_mismatched_files_are_refused(
    staff_client, open_call, department, name, content
):
    response = staff_client.post(
        create_url(open_call),
        proposal_data(department=department, new_attachments=upload(name, content)),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["new_attachments"]
    assert no_file_stored()


@pytest.mark.parametrize("kind", sorted(SAMPLE_FILES))
def test_each_accepted_type_with_real_content_is_stored(staff_client, open_call, department, kind):
    name, _content, expected_kind = SAMPLE_FILES[kind]
    response = staff_client.post(
        create_url(open_call),
        proposal_data(department=department, new_attachments=sample_upload(kind)),
    )
    assert response.status_code == 302, response.context["form"].errors
    attachment = Attachment.objects.get()
    assert attachment.kind == expected_kind
    assert attachment.original_name == name


def test_several_attachments_in_one_post(staff_client, open_call, department):
    response = staff_client.post(
        create_url(open_call),
        proposal_data(
            department=department, new_attachments=[sample_upload("pdf"), sample_upload("hwp")]
        ),
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("kind", flat=True)) == ["hwp", "pdf"]


def test_one_bad_file_among_good_ones_stores_no_file(staff_client, open_call, department):
    response = staff_client.post(
        create_url(open_call),
        proposal_data(
            department=department, new_attachments=[sample_upload("pdf"), upload("x.exe", b"MZ")]
        ),
    )
    assert response.status_code == 400
    assert no_file_stored()


# --- Escaping ----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_script_is_rendered_escaped_everywhere(client, staff, innovation_unit, open_call):
    proposal = SubmittedProposalFactory(
        call=open_call,
        proposer=staff,
        title=SCRIPT,
        problem=SCRIPT,
        idea=SCRIPT,
        effect=SCRIPT,
        keywords=SCRIPT,
        reference=f"{open_call.code}-001",
    )
    pages = []
    client.force_login(staff)
    pages.append(client.get(proposal.get_absolute_url()))
    pages.append(client.get(reverse("proposals:my-proposals")))
    pages.append(client.get(reverse("home")))
    pages.append(client.get(open_call.get_absolute_url()))
    pages.append(client.get(reverse("proposals:proposal-update", args=[proposal.pk])))
    client.force_login(innovation_unit)
    pages.append(client.get(reverse("proposals:call-submissions", args=[open_call.pk])))

    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert SCRIPT not in page, response.wsgi_request.path
        assert escape(SCRIPT) in page, response.wsgi_request.path


def test_script_in_call_texts_is_escaped(client, innovation_unit, open_call):
    open_call.title = SCRIPT
    open_call.description = SCRIPT + "\nhttps://example.go.kr"
    open_call.guidance = SCRIPT
    open_call.save()
    for url in (reverse("home"), reverse("proposals:call-list"), open_call.get_absolute_url()):
        page = client.get(url).content.decode()
        assert SCRIPT not in page
        assert escape(SCRIPT) in page


# --- Length, NUL, NFC ---------------------------------------------------------------------


def test_a_200_character_korean_title_is_stored_whole(staff_client, open_call, department):
    title = ("가나다라마바사아자차" * 20)[:200]
    assert len(title) == 200
    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, title=title)
    )
    assert response.status_code == 302
    assert Proposal.objects.get().title == title


def test_a_201_character_title_is_a_form_error(staff_client, open_call, department):
    title = "가" * 201
    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, title=title)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "field", ["title", "problem", "idea", "effect", "keywords", "coproposer_numbers"]
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_nul_bytes_are_a_clear_field_error(staff_client, open_call, department, field, action):
    data = proposal_data(department=department, action=action)
    data[field] = "앞\x00뒤"
    response = staff_client.post(create_url(open_call), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Proposal.objects.exists()


def test_nul_bytes_on_edit_are_a_field_error(staff_client, staff, open_call, department):
    proposal = ProposalFactory(call=open_call, proposer=staff)
    response = staff_client.post(
        reverse("proposals:proposal-update", args=[proposal.pk]),
        proposal_data(department=department, idea="개선\x00방안"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["idea"]
    proposal.refresh_from_db()
    assert "\x00" not in proposal.idea


def test_nul_bytes_in_autosave_store_nothing_and_never_fail(staff_client, open_call):
    response = staff_client.post(
        reverse("proposals:proposal-create-autosave", args=[open_call.pk]),
        {"client_token": str(uuid.uuid4()), "title": "제목\x00", "problem": "내용\x00"},
    )
    assert response.status_code in (200, 400)
    assert not Proposal.objects.exists()


def test_nul_bytes_in_a_call_notice_are_a_field_error(iu_client, open_call):
    response = iu_client.post(
        reverse("proposals:call-notice-create", args=[open_call.pk]),
        {"question": "", "body": "공지\x00"},
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["body"]
    assert not open_call.notices.exists()


def test_text_is_normalised_to_nfc(staff_client, open_call, department):
    nfc = {
        "title": "행정혁신 제안: 한글 자모 정규화",
        "problem": "맥에서 붙여 넣은 글자가 풀어져 저장됩니다.",
        "idea": "저장할 때 NFC로 합칩니다.",
        "effect": "검색이 정확해집니다.",
        "keywords": "정규화, 한글",
    }
    nfd = {name: unicodedata.normalize("NFD", value) for name, value in nfc.items()}
    assert nfd["title"] != nfc["title"]

    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, action="submit", **nfd)
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    for name, value in nfc.items():
        assert getattr(proposal, name) == value
        assert unicodedata.is_normalized("NFC", getattr(proposal, name))


def test_a_decomposed_title_within_the_limit_once_composed_is_accepted(
    staff_client, open_call, department
):
    """150 syllables are 150 characters in NFC but ~400 code points in NFD (as macOS pastes
    them): the length limit must apply to the stored, normalised text."""
    title = "한글제목" * 37 + "한글"
    assert len(title) == 150
    nfd_title = unicodedata.normalize("NFD", title)
    assert len(nfd_title) > 200

    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, title=nfd_title)
    )

    assert response.status_code == 302, response.context["form"].errors
    assert Proposal.objects.get().title == title


def test_autosave_normalises_to_nfc(staff_client, open_call):
    staff_client.post(
        reverse("proposals:proposal-create-autosave", args=[open_call.pk]),
        {
            "client_token": str(uuid.uuid4()),
            "title": unicodedata.normalize("NFD", "자동 저장 한글"),
        },
    )
    assert Proposal.objects.get().title == "자동 저장 한글"
