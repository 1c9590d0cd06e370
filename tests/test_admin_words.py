"""The admin's third-party words: every msgid glab_portal/admin_words.py lists is one the
installed apps really write (an upgrade that renames one shows here, instead of the admin
quietly falling back to English), and the axes app and the admin's title bar are named by the
project."""

import re
from pathlib import Path

import axes
import pytest
import simple_history
from django.apps import apps
from django.contrib import admin

from glab_portal.admin_words import AXES_WORDS, SIMPLE_HISTORY_WORDS


def package_text(package) -> str:
    root = Path(package.__file__).parent
    files = [*root.glob("*.py"), *root.glob("templates/**/*.html")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


@pytest.mark.parametrize(
    ("package", "words"), [(axes, AXES_WORDS), (simple_history, SIMPLE_HISTORY_WORDS)]
)
def test_every_listed_word_is_one_the_app_writes(package, words):
    text = package_text(package)

    def written(word: str) -> bool:  # as Python writes it, or as a template's blocktrans does
        forms = (word, word.replace("'", "\\'"))
        forms += tuple(re.sub(r"%\((\w+)\)s", spaced, word) for spaced in (r"{{ \1 }}", r"{{\1}}"))
        return any(form in text for form in forms)

    missing = [word for word in words if not written(word)]
    assert not missing, f"{package.__name__} no longer writes {missing}"


def test_axes_and_the_admin_are_named_by_the_project():
    import glab_portal.urls  # noqa: F401  (names the admin site)

    assert str(apps.get_app_config("axes").verbose_name) == "Sign-in protection"
    assert str(admin.site.site_header) == "G-Lab Portal administration"
