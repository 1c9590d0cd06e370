"""The page header's menu (glab_portal.context_processors): built in Python per role, rendered
by one loop in base.html, with the current page marked; no HTML is cached for it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.enums import Role
from accounts.services import user_grant_role
from screening.services import board_member_add
from tests.factories import CallFactory, DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.routing import liaison_user

pytestmark = pytest.mark.django_db

HOME = "/"
EVERYONE = ["home", "proposals:call-list"]
STAFF = [
    *EVERYONE,
    "proposals:my-proposals",
    "labs:lab-list",
    "insight:outcomes",
    "routing:idea-list",
    "insight:dashboard",
    "insight:search",
]
UNIT_MENU = [
    "proposals:call-create",
    "routing:review-call-list",
    "routing:tracking",
    "routing:liaison-list",
    "labs:overview",
    "labs:release-list",
    "insight:unit-dashboard",
    "notifications:outbox",
    "ledger:entry-list",
    "people:import-list",
    "privacy:correction-list",
]


def _menus(client, url=HOME) -> tuple[list[str], list[str], str]:
    response = client.get(url)
    assert response.status_code == 200
    main = [item["url"] for item in response.context["nav_items"]]
    unit = [item["url"] for item in response.context["nav_unit_items"]]
    return main, unit, response.content.decode()


def _urls(names) -> list[str]:
    return [reverse(name) for name in names]


def test_a_visitor_sees_home_and_calls(client):
    main, unit, html = _menus(client)
    assert main == _urls(EVERYONE) and unit == []
    assert "portal-nav-menu" not in html


def test_staff_see_the_staff_menu_and_no_unit_menu(client, staff):
    client.force_login(staff)
    main, unit, html = _menus(client)
    assert main == _urls(STAFF) and unit == []
    assert reverse("notifications:outbox") not in html


def test_an_outside_evaluator_is_not_shown_the_idea_bank_the_view_refuses(client):
    evaluator = UserFactory(department=None)  # a local account of an outside evaluator
    client.force_login(evaluator)
    main, unit, html = _menus(client)
    assert main == _urls([name for name in STAFF if name != "routing:idea-list"]) and unit == []
    assert f'href="{reverse("routing:idea-list")}"' not in html
    assert client.get(reverse("routing:idea-list")).status_code == 403


def test_an_outside_evaluator_on_a_board_sees_screening_but_not_the_idea_bank(
    client, innovation_unit
):
    evaluator = UserFactory(department=None)
    board_member_add(call=CallFactory(), user=evaluator, by=innovation_unit)
    client.force_login(evaluator)
    main, _unit, _html = _menus(client)
    staff = [name for name in STAFF if name != "routing:idea-list"]
    assert main == _urls([*staff, "screening:screening-list"])


def test_a_unit_member_without_a_department_still_sees_the_idea_bank(client):
    client.force_login(innovation_unit_user(department=None))
    main, _unit, _html = _menus(client)
    assert reverse("routing:idea-list") in main
    assert client.get(reverse("routing:idea-list")).status_code == 200


def test_a_board_member_also_sees_screening(client, staff, innovation_unit):
    board_member_add(call=CallFactory(), user=staff, by=innovation_unit)
    client.force_login(staff)
    main, unit, _html = _menus(client)
    assert main == _urls([*STAFF, "screening:screening-list"]) and unit == []


def test_a_liaison_sees_the_inbox_and_duty_releases(client):
    client.force_login(liaison_user(DepartmentFactory()))
    main, unit, _html = _menus(client)
    assert main == _urls([*STAFF, "routing:inbox", "labs:release-list"]) and unit == []


def test_the_unit_sees_screening_and_its_own_menu(client):
    client.force_login(innovation_unit_user())
    main, unit, html = _menus(client)
    assert main == _urls([*STAFF, "screening:screening-list"])
    assert unit == _urls(UNIT_MENU)
    assert 'class="portal-nav-menu"' in html and "추진단 업무" in html
    for url in _urls(UNIT_MENU):
        assert f'href="{url}"' in html


def test_a_unit_member_who_is_a_liaison_sees_duty_releases_once(client):
    person = liaison_user(DepartmentFactory())
    user_grant_role(user=person, role=Role.INNOVATION_UNIT)
    client.force_login(person)
    main, unit, html = _menus(client)
    assert main == _urls([*STAFF, "screening:screening-list", "routing:inbox", "labs:release-list"])
    assert unit == _urls([name for name in UNIT_MENU if name != "labs:release-list"])
    assert html.count(f'href="{reverse("labs:release-list")}"') == 1


@pytest.mark.parametrize("name", ["proposals:call-list", "insight:search", "routing:tracking"])
def test_the_current_page_and_only_it_is_marked(client, name):
    client.force_login(innovation_unit_user())
    url = reverse(name)
    _main, _unit, html = _menus(client, url)
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [url]


def test_a_page_outside_the_menu_marks_nothing(client, staff):
    client.force_login(staff)
    _main, _unit, html = _menus(client, reverse("notifications:list"))
    assert 'aria-current="page"' not in html


def test_the_menu_speaks_the_chosen_language(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _main, _unit, html = _menus(client)
    assert ">My proposals</a>" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    _main, _unit, html = _menus(client)
    assert ">내 제안</a>" in html


def test_the_base_template_caches_no_html_and_uses_djangos_own_tags():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    assert "{% cache" not in base and "load cache" not in base
    assert "fast_url" not in base and "nav_items.html" not in base


def test_the_header_links_point_where_they_did(client, staff):
    html = client.get(HOME).content.decode()
    assert f'src="{reverse("javascript-catalog")}"' in html
    assert f'href="{reverse("accounts:login")}"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert "portal-account" not in html
    client.force_login(staff)
    html = client.get(HOME).content.decode()
    assert f'class="portal-brand" href="{reverse("home")}"' in html
    for link in (
        f'portal-notifications" href="{reverse("notifications:list")}"',
        f'action="{reverse("set_language")}"',
        'href="#main-content"',
    ):
        assert link in html
    assert f'href="{reverse("accounts:login")}"' not in html


def _account_menu(html: str) -> str:
    start = html.index('<details class="portal-account"')
    return html[start : html.index("</details>", start)]


def test_the_account_menu_holds_the_persons_own_pages_and_logout(client, staff):
    client.force_login(staff)
    menu = _account_menu(client.get(HOME).content.decode())
    assert f"{staff.full_name}<span" in menu  # named after the person
    hrefs = re.findall(r'href="([^"]+)"', menu)
    assert hrefs == _urls(
        [
            "privacy:my-data",
            "notifications:preferences",
            "notifications:calendar",
            "accounts:api-tokens",
            "accounts:password-change",
        ]
    )
    for label in ("내 개인정보", "알림 설정", "내 캘린더", "API 토큰", "비밀번호 변경", "로그아웃"):
        assert f">{label}<" in menu
    # 로그아웃 stays a POST with the CSRF token; 알림 stays outside, in sight.
    assert re.search(
        rf'<form method="post" action="{reverse("accounts:logout")}">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        menu,
    )
    assert f'href="{reverse("notifications:list")}"' not in menu


def test_an_error_page_has_the_header_too(client, staff):
    client.force_login(staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'href="{reverse("notifications:list")}"' in html
    assert f'href="{reverse("proposals:my-proposals")}"' in html
