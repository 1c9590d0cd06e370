"""The submissions list: whatever a row shows follows at once (new submissions, edits, status,
files, the screening outcome), per filter, page and language, for the innovation unit only."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from proposals import services
from tests.factories import CallFactory, DepartmentFactory, SubmittedProposalFactory
from tests.proposals.helpers import sample_upload

pytestmark = pytest.mark.django_db

FILES_1 = "(파일 1개)"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def call():
    call = CallFactory()
    for i in range(3):
        SubmittedProposalFactory(call=call, title=f"제안 {i}", reference=f"{call.code}-{i + 1:03d}")
    return call


def _rows(client, call, **params) -> str:
    html = client.get(reverse("proposals:call-submissions", args=[call.pk]), params).content.decode()
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_rows_follow_new_submissions_edits_status_and_files(iu_client, call):
    assert _rows(iu_client, call).count("<tr>") == 3
    late = SubmittedProposalFactory(call=call, title="늦은 제안", reference=f"{call.code}-004")
    assert "늦은 제안" in _rows(iu_client, call)
    late.title = "고친 제목"
    late.save()
    assert "고친 제목" in _rows(iu_client, call)
    services.attachment_add(proposal=late, upload=sample_upload("pdf"), by=late.proposer)
    assert FILES_1 in _rows(iu_client, call).split("고친 제목")[1][:200]
    services.proposal_withdraw(proposal=late, by=late.proposer)
    assert "철회" in _rows(iu_client, call).split("고친 제목")[1][:400]


def test_rows_are_per_filter_page_and_language(iu_client, call):
    everything = _rows(iu_client, call)
    filtered = _rows(iu_client, call, q="제안 1")
    assert filtered.count("<tr>") == 1 and everything.count("<tr>") == 3
    iu_client.cookies["django_language"] = "en"
    english = _rows(iu_client, call)
    assert english != everything and "Submitted" in english


def test_other_roles_never_see_the_rows(client, staff, iu_client, call):
    _rows(iu_client, call)
    client.force_login(staff)
    response = client.get(reverse("proposals:call-submissions", args=[call.pk]))
    assert response.status_code == 403 and "제안 1" not in response.content.decode()


def test_rows_follow_the_screening_outcome(iu_client, call):
    """A status change through proposal_transition (the decision) shows at once."""
    from proposals.enums import ProposalStatus

    entry = call.proposals.get(title="제안 1")
    assert "선정" not in _rows(iu_client, call)
    services.proposal_transition(proposal=entry, to=ProposalStatus.SELECTED, by=None)
    assert "선정" in _rows(iu_client, call).split("제안 1")[1][:400]


def test_the_department_filter_offers_the_departments_that_own_a_submission(iu_client, call):
    owner = DepartmentFactory(name="소관부서")
    DepartmentFactory(name="한가한부서")
    SubmittedProposalFactory(call=call, owning_department=owner, reference=f"{call.code}-009")
    response = iu_client.get(reverse("proposals:call-submissions", args=[call.pk]))
    choices = [label for _, label in response.context["filter"].form.fields["owning_department"].choices]
    assert "소관부서" in choices and "한가한부서" not in choices
    filtered = _rows(iu_client, call, owning_department=owner.pk)
    assert filtered.count("<tr>") == 1
