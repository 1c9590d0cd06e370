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
from django.utils import translation

from glab_portal.admin_words import AXES_WORDS, SIMPLE_HISTORY_WORDS


def package_text(package) -> str:
    """The package's Python modules and templates (not its migrations or tests)."""
    root = Path(package.__file__).parent
    files = [*root.rglob("*.py"), *root.rglob("*.html")]
    skip = {"migrations", "tests", "testapp"}
    return "\n".join(
        p.read_text(encoding="utf-8") for p in files if not skip & set(p.relative_to(root).parts)
    )


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

    with translation.override("ko"):
        assert str(apps.get_app_config("axes").verbose_name) == "로그인 보호"
        assert str(admin.site.site_header) == "G-랩 포털 관리"


def test_guardian_words_are_ones_guardian_writes():
    import guardian

    from glab_portal.admin_words import GUARDIAN_WORDS

    text = package_text(guardian) + "\n".join(
        path.read_text(encoding="utf-8")
        for path in Path(guardian.__file__).parent.glob("templates/**/*.html")
    )
    assert not [word for word in GUARDIAN_WORDS if word not in text]


@pytest.mark.django_db
def test_permissions_are_named_in_korean_not_as_django_stored_them():
    from django.contrib.auth.models import Permission
    from django.utils import translation

    from core.permission_labels import permission_label

    perms = Permission.objects.select_related("content_type")
    with translation.override("ko"):
        add = permission_label(perms.get(codename="add_department"))
        liaison = permission_label(perms.get(codename="act_as_liaison"))
        history = permission_label(perms.get(codename="view_historicaldepartment"))
        per_call = permission_label(perms.get(codename="change_callgroupobjectpermission"))
    assert add == "사람과 조직 | 부서 | 추가"
    assert liaison == "사람과 조직 | 부서 | 부서로 이관된 제안에 답변할 수 있음"
    assert history.endswith(" | 보기") and "부서" in history and "historical" not in history
    assert "공모" in per_call and "object permission" not in per_call


@pytest.mark.django_db
def test_the_group_form_lists_permissions_by_their_korean_labels(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    admin_client.cookies["django_language"] = "ko"
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(
            reverse("admin:auth_group_add"), HTTP_ACCEPT_LANGUAGE="ko"
        ).content.decode()
    assert "사람과 조직 | 부서 | 추가" in html
    assert "Can add department" not in html
    # One query for the permissions with their content types, whatever their number.
    assert sum("auth_permission" in q["sql"] for q in queries.captured_queries) == 1
