"""Property-based bad input on every form people fill in: random Unicode, very long strings,
control characters, odd dates and numbers. Never a 500; a refused form stores nothing.

Each target names the page that shows the form and the URL it posts to; the field names are
read from the rendered form, so a field added later is fuzzed too. Examples are capped
(``max_examples``) to keep CI short."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.models import Routing
from tests.db import row_counts
from tests.factories import CallFactory, ProposalFactory, UserFactory, innovation_unit_user
from tests.factories.labs import running_lab
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

ODD_DATES = st.sampled_from([
    "0000-00-00", "2026-02-30", "9999-12-31", "0001-01-01", "-1", "２０２６-０１-０１", "2026-13-01",
    "1900-01-01T25:61", "2026-05-13 09:00", "2038-01-19 03:14:08", "1e308", "NaN", "",
])
ODD_NUMBERS = st.sampled_from(["-1", "0", "1e9", "99999999999999999999", "3.5", "NaN", "١٢", " 7 ", ""])
CONTROL = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=20)
VALUE = st.one_of(
    st.text(max_size=60),
    # Very long strings, built by repetition (cheap for hypothesis to generate and shrink).
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(100, 3000)),
    st.builds(lambda n: "가🙂\u200b\u202e\ufeff" * n, st.integers(500, 4000)),
    CONTROL,
    st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=10), st.text(max_size=10)),
    ODD_DATES,
    ODD_NUMBERS,
    st.sampled_from(["<script>alert(1)</script>", "'; DROP TABLE proposals_proposal; --", "{{ 7*7 }}", "%s%n"]),
)
FIELD = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"', re.I)
SKIP_FIELDS = {"csrfmiddlewaretoken", "language", "next", "files", "file", "attachments"}


def form_fields(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    names = dict.fromkeys(FIELD.findall(response.content.decode()))
    return [n for n in names if n not in SKIP_FIELDS]


def check(client, post_url: str, data: dict) -> None:
    before = row_counts()
    response = client.post(post_url, data)
    assert response.status_code < 500, (post_url, data)
    if response.status_code != 302:
        # Refused (form errors, 400, 403, 404, 413): nothing at all was written.
        assert row_counts() == before, (post_url, data)


def fuzz(client, page_url: str, post_url: str | None = None):
    fields = form_fields(client, page_url)
    assert fields, f"no form fields found on {page_url}"

    @FUZZ
    @given(st.fixed_dictionaries(dict.fromkeys(fields, VALUE)))
    def run(data):
        check(client, post_url or page_url, data)

    run()


@pytest.fixture
def iu(client):
    user = innovation_unit_user()
    client.force_login(user)
    return user


def test_proposal_form(client, staff):
    call = CallFactory()
    client.force_login(staff)
    fuzz(client, f"/calls/{call.pk}/propose/")


def test_proposal_edit_form(client, staff):
    proposal = ProposalFactory(proposer=staff)
    client.force_login(staff)
    fuzz(client, f"/proposals/{proposal.pk}/edit/")


def test_call_forms(client, iu):
    call = CallFactory(created_by=iu)
    fuzz(client, "/calls/new/")
    fuzz(client, f"/calls/{call.pk}/edit/")
    fuzz(client, f"/calls/{call.pk}/extend/")
    fuzz(client, f"/calls/{call.pk}/notices/new/")


def test_screening_setup_form(client, iu):
    call = ClosedCallFactory(created_by=iu)
    fuzz(client, f"/screening/{call.pk}/setup/")


def test_practical_effect_review_form(client, iu):
    proposal = NotSelectedProposalFactory()
    fuzz(client, f"/routing/proposals/{proposal.pk}/review/")


def test_department_answer_and_progress_forms(client):
    routing = RoutingFactory()
    liaison = liaison_user(routing.department)
    client.force_login(liaison)
    page = f"/routing/routings/{routing.pk}/"
    fuzz(client, page, f"/routing/routings/{routing.pk}/answer/")
    Routing.objects.filter(pk=routing.pk).update(status="under_study")
    fuzz(client, page, f"/routing/routings/{routing.pk}/progress/")


def test_lab_forms(client):
    member = UserFactory()
    lab = running_lab(member, UserFactory())
    client.force_login(member)
    fuzz(client, f"/labs/{lab.pk}/log/new/")
    fuzz(client, f"/labs/{lab.pk}/milestones/new/")
    fuzz(client, f"/labs/{lab.pk}/decisions/new/")


def test_sign_in_and_consent_forms(client, settings, staff):
    fuzz(client, "/accounts/login/")
    settings.PRIVACY_CONSENT_REQUIRED = True
    client.force_login(staff)
    fuzz(client, "/privacy/consent/")


@FUZZ
@given(q=VALUE)
def test_search_never_fails(client, staff, q):
    client.force_login(staff)
    assert client.get("/insight/search/", {"q": q}).status_code < 500
    assert client.get("/calls/", {"q": q, "page": q}).status_code < 500


def test_the_fuzzers_reach_real_fields(client, staff):
    """Guard against a silently empty fuzz: the proposal form exposes its text fields."""
    call = CallFactory(opens_at=timezone.now() - timedelta(days=1))
    client.force_login(staff)
    assert {"title", "problem", "idea", "effect"} <= set(form_fields(client, f"/calls/{call.pk}/propose/"))
