from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def test_sign_in_with_employee_number_and_password(client, db):
    user = UserFactory(username="20261234", full_name="김로그인")
    page = client.get(LOGIN)
    assert page.status_code == 200

    response = client.post(LOGIN, {"username": "20261234", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert "김로그인" in client.get(reverse("home")).content.decode()


def test_sign_in_follows_next(client, db):
    UserFactory(username="20261235")
    next_url = reverse("proposals:my-proposals")
    response = client.post(
        f"{LOGIN}?next={next_url}", {"username": "20261235", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url


def test_sign_in_refuses_an_outside_next(client, db):
    UserFactory(username="20261236")
    response = client.post(
        LOGIN, {"username": "20261236", "password": PASSWORD, "next": "https://evil.example"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused(client, db):
    UserFactory(username="20261237")
    response = client.post(LOGIN, {"username": "20261237", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SESSION_KEY not in client.session
    # The portal's own sentence: no "사번와/과" from a placeholder that needs a particle.
    html = response.content.decode()
    assert "사번 또는 비밀번호가 맞지 않습니다." in html and "와/과" not in html


def test_inactive_user_is_refused(client, db):
    UserFactory(username="20261238", is_active=False)
    response = client.post(LOGIN, {"username": "20261238", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SESSION_KEY not in client.session


def test_logout_by_post(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    assert SESSION_KEY in client.session

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get(reverse("proposals:my-proposals")).status_code == 302


def test_protected_page_sends_anonymous_to_sign_in(client, db):
    response = client.get(reverse("proposals:my-proposals"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={reverse('proposals:my-proposals')}"


def test_login_page_is_korean_by_default(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="ko">' in page
    with translation.override("ko"):
        korean = translation.gettext("Employee number")
    assert korean != "Employee number", "the Korean catalogue lacks the login labels"
    assert korean in page


def test_language_switcher_turns_the_portal_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    assert response["Location"] == LOGIN

    page = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in page
    assert "Employee number" in page

    client.post("/i18n/setlang/", {"language": "ko", "next": LOGIN})
    assert '<html lang="ko">' in client.get(LOGIN).content.decode()


def test_the_language_switcher_is_on_every_page(client, staff):
    client.force_login(staff)
    for url in (
        reverse("home"),
        reverse("proposals:call-list"),
        reverse("proposals:my-proposals"),
    ):
        page = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in page
