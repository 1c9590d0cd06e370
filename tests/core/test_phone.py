"""A phone is a first-class screen (issue 16): the main menu folds behind one button, tables
scroll sideways in a named region and say so, filters and comment boxes fold, a choice that
matters for one answer only is marked for it, the footer links the privacy policy and an empty
choice reads in words. Checked on rendered HTML (what the browser gets, JavaScript or not)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from accounts.models import Department
from labs import services as lab_services
from routing.enums import RoutingStatus
from tests.factories.labs import running_lab
from tests.factories.routing import RoutingFactory, liaison_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Templates whose tables other work of issue 16 is changing (search, scoring, people picker,
# charts): portal.js gives their hand-written .krds-table-wrap the same region, name and cue.
WRAPPED_BY_SCRIPT = {
    "insight/templates/insight/search.html",
    "insight/templates/insight/charts/_figure.html",
}


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_menu_button_controls_the_menu_which_is_in_the_page(client, staff):
    client.force_login(staff)
    html = _page(client, reverse("proposals:call-list"))
    button = re.search(r"<button[^>]*data-menu-toggle[^>]*>", html).group(0)
    assert 'aria-expanded="false"' in button and 'aria-controls="portal-menu"' in button
    assert " hidden" not in button  # shown or not by the stylesheet, never by a stale attribute
    assert pgettext("main menu button", "Menu") in html[html.index("data-menu-toggle"):html.index("</button>")]
    # Everything the menu holds is in the page (what a browser without JavaScript shows).
    menu = html[html.index('<div id="portal-menu"'):html.index("</header>")]
    for name in ("home", "proposals:call-list", "proposals:my-proposals", "accounts:password-change"):
        assert f'href="{reverse(name)}"' in menu, name
    assert f'aria-label="{gettext("Main menu")}"' in menu
    # The folding script runs before the first paint (no defer), so the menu never flashes open.
    assert re.search(r'<script src="[^"]*js/portal-menu\.js"></script>', html)


def test_the_menu_folds_only_with_javascript_and_only_on_a_phone():
    css = (ROOT / "static/css/portal.css").read_text()
    phone = css[css.index("@media (max-width: 767px) {\n  .portal-header-bar"):]
    assert ".portal-js .portal-menu:not(.is-open) { display: none; }" in phone
    assert ".portal-menu-toggle { display: none; }" in css  # no button without the script
    script = (ROOT / "static/js/portal-menu.js").read_text()
    assert 'classList.add("portal-js")' in script and '"aria-expanded"' in script


def test_a_table_scrolls_in_a_region_named_after_its_caption(client, staff, open_call):
    client.force_login(staff)
    html = _page(client, reverse("proposals:call-list"))
    opening = re.search(r'<div class="krds-table-wrap"[^>]*>\s*<table', html).group(0)
    assert 'tabindex="0"' in opening and 'role="region"' in opening
    assert f'aria-label="{gettext("All calls, newest first")}"' in opening
    assert gettext("Slide sideways to see more") in html


def test_the_table_tag_reads_the_caption_as_plain_text():
    render = lambda source: Template(source).render(Context())  # noqa: E731
    out = render("{% table_scroll %}<table><caption>A &amp; <b>B</b>\n  C</caption></table>{% endtable_scroll %}")
    assert 'aria-label="A &amp; B C"' in out and out.count("<table>") == 1
    assert f'aria-label="{gettext("Table")}"' in render("{% table_scroll %}<table></table>{% endtable_scroll %}")


def test_every_data_table_is_wrapped_by_the_tag():
    by_hand = []
    for path in ROOT.glob("*/templates/**/*.html"):
        relative = str(path.relative_to(ROOT))
        text = path.read_text()
        if '<table class="tbl' in text and relative not in WRAPPED_BY_SCRIPT and "{% table_scroll %}" not in text:
            by_hand.append(relative)
        if '<div class="krds-table-wrap">' in text and relative not in WRAPPED_BY_SCRIPT:
            by_hand.append(relative)
    assert by_hand == []


def test_every_page_links_the_privacy_policy(client, staff):
    for user in (None, staff):
        if user:
            client.force_login(user)
        html = _page(client, reverse("proposals:call-list"))
        footer = html[html.index("<footer"):]
        assert f'href="{reverse("privacy:notice")}"' in footer
        assert gettext("Privacy policy") in footer
    assert _page(client, reverse("privacy:notice"))


def test_an_empty_choice_reads_in_words():
    class DepartmentForm(forms.Form):
        department = forms.ModelChoiceField(queryset=Department.objects.all())
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])

    html = str(DepartmentForm())
    assert "---------" not in html
    assert html.count(f'<option value="" selected>{pgettext("the empty choice of a list", "Select")}</option>') == 2


def test_filters_fold_into_search_conditions(client, innovation_unit):
    client.force_login(innovation_unit)
    for url in (reverse("notifications:outbox"), reverse("ledger:entry-list"), reverse("routing:tracking")):
        html = _page(client, url)
        details = html[html.index('<details class="portal-filters" data-filters open>'):]
        assert details.index(f"<summary>{gettext('Search conditions')}</summary>") < details.index('<form method="get"')
        assert details.index("</form>") < details.index("</details>")


def test_a_log_entry_has_a_folded_comment_box(client, staff, other_staff):
    lab = running_lab(staff, other_staff)
    lab_services.log_entry_create(lab=lab, by=staff, entry_date=date.today(), did="현장 인터뷰")
    client.force_login(other_staff)
    html = _page(client, reverse("labs:timeline", args=[lab.pk]))
    box = html[html.index('<details class="portal-comment">'):]
    assert box.index(gettext("Write a comment")) < box.index("<textarea") < box.index("</details>")
    assert "<details open" not in box[: box.index("</details>")]


def test_the_answer_form_marks_which_answer_needs_the_date_and_the_department(client):
    routing = RoutingFactory()
    client.force_login(liaison_user(routing.department))
    html = _page(client, reverse("routing:routing-detail", args=[routing.pk]))
    form = re.search(r'<form[^>]*data-depends-on="status"[^>]*>', html).group(0)
    rules = json.loads(re.search(r"data-depends='([^']*)'", form).group(1))
    assert rules == {"target_date": [RoutingStatus.ADOPTED.value], "reroute_to": [RoutingStatus.REROUTE_REQUESTED.value]}
    # Without JavaScript both fields are there; every status they name is an answer offered.
    assert 'name="target_date"' in html and 'name="reroute_to"' in html
    for value in (RoutingStatus.ADOPTED, RoutingStatus.REROUTE_REQUESTED):
        assert f'name="status" value="{value}"' in html
