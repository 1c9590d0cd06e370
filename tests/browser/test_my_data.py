"""A person downloads what the portal holds about them and asks for a correction, in Korean,
with axe clean on every page (issue 20, part 4)."""

import json

import pytest

from privacy.models import CorrectionRequest, PersonalDataAccess
from tests.browser.helpers import ko
from tests.factories import SubmittedProposalFactory, UserFactory, innovation_unit_user


@pytest.fixture
def person(transactional_db):
    innovation_unit_user(full_name="박혁신")
    user = UserFactory(full_name="김직원")
    SubmittedProposalFactory(proposer=user, title="블록체인 증명서 발급")
    return user


def test_a_person_downloads_their_data_and_asks_for_a_correction(
    page, visit, login, axe_check, screenshot, person, tmp_path
):
    login(person)
    visit("/privacy/my-data/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text() == ko("My data")

    with page.expect_download() as caught:
        page.get_by_role("link", name=ko("Download my data (JSON)")).click()
    download = caught.value
    assert download.suggested_filename.startswith(f"glab-my-data-{person.username}-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    sections = {s["section"]: s for s in document["sections"]}
    assert sections["profile"]["rows"][0]["full_name"] == "김직원"
    assert sections["proposals"]["rows"][0]["title"] == "블록체인 증명서 발급"
    assert PersonalDataAccess.objects.filter(
        what="privacy:my-data-download", object_id=person.pk
    ).exists()

    page.get_by_label(ko("What the request is about")).select_option("profile")
    page.get_by_label(ko("What is wrong")).fill("부서가 예전 부서로 나옵니다.")
    page.get_by_label(ko("What it should be")).fill("청년정책과")
    page.get_by_role("button", name=ko("Send the correction request")).click()
    page.wait_for_load_state("load")
    assert (
        ko(
            "Your correction request has been sent. The innovation unit answers within 10 days; you will be notified."
        )
        in page.content()
    )
    assert page.get_by_text("부서가 예전 부서로 나옵니다.").is_visible()
    axe_check(page)
    screenshot(page, "my-data-after-request")
    correction = CorrectionRequest.objects.get(requester=person)
    assert (correction.section, correction.should_be) == ("profile", "청년정책과")
