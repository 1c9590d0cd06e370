"""The innovation unit imports the HR export through the page (upload → preview → apply), and an
imported person signs in for the first time through the emailed link."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.enums import AccountSource
from accounts.models import User
from tests.factories import innovation_unit_user

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
NEW_PASSWORD = "Gyeongnam-first-2026!"


@pytest.fixture
def unit(transactional_db):
    cache.clear()  # link requests are throttled per client; start afresh
    # A local account: the full sample export must not deactivate the person importing it.
    return innovation_unit_user(
        username="IU-01", full_name="박혁신", source=AccountSource.LOCAL, department=None
    )


def test_import_preview_apply_and_first_sign_in(
    page, visit, login, axe_check, unit, settings, live_server
):
    settings.PORTAL_BASE_URL = live_server.url
    login(unit)
    visit("/people/imports/")
    page.get_by_label("조직도 (CSV 또는 XLSX)").set_input_files(SAMPLES / "org_chart.xlsx")
    page.get_by_label("직원 명단 (CSV 또는 XLSX)").set_input_files(SAMPLES / "staff.csv")
    # No kind is preselected: the person says that this is a full export.
    full_export = "전체 자료: 파일에 없는 직원은 비활성화하고 부서는 폐지합니다"
    assert not page.get_by_label(full_export).is_checked()
    page.get_by_text(full_export, exact=True).click()  # KRDS draws the radio on its label
    assert page.get_by_label(full_export).is_checked()
    page.get_by_role("button", name="올리고 검사하기").click()
    page.wait_for_load_state("load")
    axe_check(page)

    assert page.get_by_role("heading", name="새로 등록할 직원").is_visible()
    assert page.get_by_role("rowheader", name="2019002").is_visible()
    assert not User.objects.filter(source=AccountSource.HR).exists()

    page.get_by_role("button", name="가져오기 적용").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("가져오기를 적용했습니다.").is_visible()
    assert User.objects.filter(source=AccountSource.HR, is_active=True).count() == 9

    page.context.clear_cookies()
    visit("/accounts/login/")
    page.get_by_role("link", name="비밀번호 설정 링크 받기").click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.get_by_label("사번").fill("2019002")
    page.get_by_label("이메일 주소").fill("kim.dy@gyeongnam.go.kr")
    page.get_by_role("button", name="링크 받기").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert [m.to for m in mail.outbox] == [["kim.dy@gyeongnam.go.kr"]]

    link = re.search(r"http\S+/accounts/password/set/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.wait_for_load_state("load")
    axe_check(page)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.get_by_role("button", name="비밀번호 설정").click()
    page.wait_for_load_state("load")

    login(User.objects.get(username="2019002"), password=NEW_PASSWORD)
    assert page.get_by_text("김도윤").first.is_visible()
