"""The builtin template helpers (glab_portal/templatetags.py) render what the slower Django
forms they replace rendered, and the cached form never hands one form's HTML to another."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.cache import cache
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.templatetags import cached_form, fast_url, pk_url


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_local_datetime_matches_the_date_filter_in_seoul():
    moment = datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("UTC"))  # 08:30 on the 28th in Seoul
    with timezone.override("Asia/Seoul"):
        assert render("{{ v|local_datetime }}", v=moment) == "2026-11-28 08:30"
        assert render("{{ v|local_datetime }}", v=moment) == date_filter(timezone.localtime(moment), "Y-m-d H:i")
        assert render("{{ v|local_date }}", v=moment) == "2026-11-28"
        assert render("{{ v|iso }}", v=moment) == "2026-11-28T08:30:00+09:00"
    assert render("{{ v|local_date }}", v=date(2026, 1, 2)) == "2026-01-02"
    assert render("[{{ v|local_datetime }}{{ v|iso }}{{ v|local_date }}]", v=None) == "[]"


def test_badge_escapes_and_falls_back_to_neutral():
    assert render('{% badge label "success" %}', label="<b>") == '<span class="krds-badge bg-light-success">&lt;b&gt;</span>'
    assert render('{% badge "x" "nonsense" %}') == '<span class="krds-badge bg-light-gray">x</span>'


def test_pk_url_is_reverse():
    assert pk_url("proposals:proposal-detail", 42) == reverse("proposals:proposal-detail", kwargs={"pk": 42})
    assert pk_url("proposals:call-detail", "7") == reverse("proposals:call-detail", kwargs={"pk": 7})
    set_script_prefix("/portal/")
    try:
        assert pk_url("proposals:proposal-detail", 42) == "/portal/proposals/42/"
    finally:
        set_script_prefix("/")
    assert pk_url("proposals:proposal-detail", 42) == "/proposals/42/"


def test_fast_url_is_reverse_for_several_arguments():
    for kwargs in ({"pk": 3, "entry_pk": 17}, {"pk": 17, "entry_pk": 3}):
        assert fast_url("labs:entry-update", **kwargs) == reverse("labs:entry-update", kwargs=kwargs)
    assert render('{% fast_url "labs:milestone-toggle" pk=5 milestone_pk=9 %}') == reverse(
        "labs:milestone-toggle", kwargs={"pk": 5, "milestone_pk": 9}
    )


class ColourForm(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], required=False)
    q = forms.CharField(required=False, label=gettext_lazy("Title"))


class NarrowedForm(ColourForm):
    def __init__(self, *args, only=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].choices = [c for c in self.fields["colour"].choices if c[0] in only]


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_cached_form_is_the_form_and_follows_its_values():
    first = ColourForm({"colour": "g", "q": "abc"})
    assert cached_form(first) == str(first)
    second = ColourForm({"colour": "r", "q": "xyz"})
    html = cached_form(second)
    assert html == str(second) and 'value="xyz"' in html and 'value="abc"' not in html


def test_cached_form_keys_on_choices_errors_and_language():
    mine, theirs = NarrowedForm(only=("r",)), NarrowedForm(only=("g",))
    assert "Green" not in cached_form(mine)
    assert "Red" not in cached_form(theirs) and "Green" in cached_form(theirs)
    invalid = ColourForm({"colour": "purple"})
    assert cached_form(invalid) == str(invalid) and "purple" in str(invalid.errors)
    assert cached_form(ColourForm({"colour": "r"})) != cached_form(invalid)
    with translation.override("en"):
        english = cached_form(ColourForm())
    with translation.override("ko"):
        korean = cached_form(ColourForm())
        assert korean == str(ColourForm())
    assert ">Title<" in english and ">제목<" in korean
