"""A refused submission loses nothing: the text and the files are kept as a draft, the page
opens with an error summary linked to each field, and the marks match what submit requires."""

import re

from django.urls import reverse

from proposals.enums import ProposalStatus
from proposals.models import Attachment, Proposal
from tests.proposals.helpers import proposal_data, sample_upload, upload


def create_url(call):
    return reverse("proposals:proposal-create", args=[call.pk])


def test_a_refused_submission_keeps_its_text_and_files_as_a_draft(staff_client, staff, open_call, department):
    data = proposal_data(department=department, action="submit", idea="", effect="")
    data["new_attachments"] = [sample_upload("pdf"), sample_upload("docx")]

    response = staff_client.post(create_url(open_call), data)

    assert response.status_code == 400
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.proposer == staff
    assert proposal.title == "민원 서류 발급 절차 간소화"
    assert proposal.problem == data["problem"]
    assert sorted(a.kind for a in Attachment.objects.filter(proposal=proposal)) == ["docx", "pdf"]
    html = response.content.decode()
    # The page is the kept draft's: it posts to the draft's edit page and lists its files.
    edit = reverse("proposals:proposal-update", args=[proposal.pk])
    assert f'action="{edit}"' in html
    assert f'data-replace-url="{edit}"' in html
    assert 'data-saved="true"' in html
    assert html.count('href="/attachments/') == 2
    # What was typed is still in the fields.
    assert data["problem"] in html


def test_resubmitting_the_kept_draft_submits_it_without_a_second_proposal(staff_client, open_call, department):
    data = proposal_data(department=department, action="submit", idea="")
    staff_client.post(create_url(open_call), data)
    proposal = Proposal.objects.get()

    response = staff_client.post(
        reverse("proposals:proposal-update", args=[proposal.pk]),
        {**data, "idea": "부서 간 서류를 공유하는 전자 창구를 만듭니다."},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Proposal.objects.count() == 1


def test_the_error_summary_links_each_error_to_its_field(staff_client, open_call, department):
    response = staff_client.post(create_url(open_call), proposal_data(department=None, action="submit", idea=""))

    html = response.content.decode()
    summary = re.search(r'<div class="portal-error-summary".*?</div>', html, re.S)
    assert summary, "the refused form opens with an error summary"
    assert 'role="alert"' in summary.group(0) and "data-error-summary" in summary.group(0)
    links = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert links == ["id_idea", "id_owning_department"]
    for anchor in links:
        assert f'id="{anchor}"' in html
    assert "2" in re.search(r'<h2 id="error-summary-title"[^>]*>(.*?)</h2>', summary.group(0), re.S).group(1)


def test_a_submission_without_a_title_is_not_kept_and_says_why(staff_client, open_call, department):
    response = staff_client.post(create_url(open_call), proposal_data(department=department, action="submit", title=""))

    assert response.status_code == 400
    assert not Proposal.objects.exists()
    assert 'href="#id_title"' in response.content.decode()


def test_a_refused_file_keeps_the_text_and_names_the_file(staff_client, open_call, department):
    data = proposal_data(department=department, action="submit", idea="")
    data["new_attachments"] = [sample_upload("pdf"), upload("실행파일.exe", b"MZ\x90\x00" * 10)]

    response = staff_client.post(create_url(open_call), data)

    assert response.status_code == 400
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.problem == data["problem"]
    # The form stores its files all or none: the refused one is named, none is kept.
    assert not Attachment.objects.exists()
    assert "실행파일.exe" in response.content.decode()


def test_a_saved_draft_is_not_kept_twice_when_only_saving(staff_client, open_call, department):
    """Saving a draft (not submitting) with a missing section is not an error at all."""
    response = staff_client.post(create_url(open_call), proposal_data(department=department, idea=""))
    assert response.status_code == 302
    assert Proposal.objects.get().status == ProposalStatus.DRAFT


def test_the_marks_match_what_submit_requires(staff_client, open_call):
    html = staff_client.get(create_url(open_call)).content.decode()
    marked = set()
    for name in ("title", "problem", "idea", "effect", "owning_department", "keywords"):
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', html, re.S).group(1)
        if "portal-required" in label:
            marked.add(name)
    assert marked == {"title", "problem", "idea", "effect", "owning_department"}
    for name in ("problem", "idea", "effect", "owning_department"):
        assert re.search(rf'<[^>]*id="id_{name}"[^>]*aria-required="true"', html) or re.search(
            rf'<[^>]*aria-required="true"[^>]*id="id_{name}"', html
        )
