"""The people picker in a browser: a proposer finds co-proposers by name with the keyboard and
the mouse, sees name · department · grade, removes one, and the saved draft names the rest;
the unit puts a board member on a board the same way. Inactive staff never show."""

import pytest

from proposals.models import CoProposer, Proposal
from screening import selectors
from tests.factories import CallFactory, DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.screening import setup_screening


@pytest.fixture
def people(transactional_db):
    welfare = DepartmentFactory(name="복지정책과")
    roads = DepartmentFactory(name="도로관리과")
    return {
        "proposer": UserFactory(full_name="김제안"),
        "first": UserFactory(full_name="최동료", username="20210001", department=welfare),
        "second": UserFactory(full_name="최두번", username="20210002", department=roads),
        "third": UserFactory(full_name="정세번", username="20210003", department=roads),
        "gone": UserFactory(full_name="최퇴직", username="20210009", department=welfare, is_active=False),
    }


def options(page):
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    return listbox.get_by_role("option")


def test_co_proposers_are_found_by_name_and_chosen_by_keyboard_and_mouse(page, visit, login, axe_check, people):
    call = CallFactory()
    login(people["proposer"])
    visit(f"/calls/{call.pk}/propose/")
    page.get_by_label("제목").fill("민원 서류 발급 절차 간소화")
    box = page.get_by_role("combobox", name="공동제안자", exact=True)
    assert box.get_attribute("aria-expanded") == "false"

    box.press_sequentially("최")
    found = options(page)
    assert box.get_attribute("aria-expanded") == "true"
    texts = found.all_inner_texts()
    assert len(texts) == 2 and "최퇴직" not in " ".join(texts)  # inactive staff never listed
    assert "최동료 · 복지정책과 · 7급" in texts[0]
    axe_check(page)  # the open list too

    # Keyboard: ArrowDown marks the first option, Enter chooses it (and does not submit).
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == ""
    chips = page.locator(".portal-picker-chips")  # its name ("Chosen people") is a new msgid
    assert "최동료" in chips.inner_text()

    # Mouse: the second and third by a click.
    box.press_sequentially("20210002")
    options(page).first.click()
    box.press_sequentially("정세")
    options(page).first.click()
    assert page.locator("input[name=coproposer_numbers]").input_value() == "20210001, 20210002, 20210003"

    # Escape closes the list; a chip's button removes that person.
    box.press_sequentially("최")
    options(page)
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("")
    chips.get_by_role("button", name="최두번 제외").click()
    assert page.locator("input[name=coproposer_numbers]").input_value() == "20210001, 20210003"
    axe_check(page)

    page.get_by_role("button", name="임시 저장").click()
    page.wait_for_load_state("load")
    proposal = Proposal.objects.get(proposer=people["proposer"])
    named = set(CoProposer.objects.filter(proposal=proposal).values_list("user__full_name", flat=True))
    assert named == {"최동료", "정세번"}


def test_the_unit_puts_a_board_member_on_the_board_with_the_picker(page, visit, login, axe_check, people):
    unit = innovation_unit_user(full_name="박혁신")
    call = CallFactory()
    setup_screening(call=call, by=unit, open_it=False)
    login(unit)
    visit(f"/screening/{call.pk}/board/")
    box = page.get_by_role("combobox", name="사번")
    box.press_sequentially("정세")
    options(page).first.click()
    assert page.locator(".portal-picker-chips").inner_text().startswith("정세번")
    page.locator("form[action$='/board/add/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert people["third"] in selectors.board_members(call)
