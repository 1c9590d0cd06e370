"""The consent page says that one may refuse and what follows, and offers a way to refuse."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


def test_the_consent_page_says_one_may_refuse_and_what_follows(client, staff, settings):
    settings.PRIVACY_CONSENT_REQUIRED = True
    client.force_login(staff)
    response = client.get(reverse("privacy:consent"))
    assert response.status_code == 200
    html = response.content.decode()
    assert gettext("If you do not agree") in html
    assert gettext(
        "You may refuse. The portal cannot work without this personal data, so without your consent you "
        "cannot use it while signed in: you cannot write, submit or co-propose a proposal, volunteer for "
        "a lab, score entries as a board member or answer a proposal for your department."
    ) in html
    refuse = html[html.index('class="portal-form portal-consent-refuse"') - 200:]
    assert f'action="{reverse("accounts:logout")}"' in refuse[:400]
    assert gettext("Do not agree and log out") in refuse
    # Refusing signs out and consents to nothing.
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("proposals:my-proposals")).status_code == 302
