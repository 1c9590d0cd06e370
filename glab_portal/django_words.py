"""Django's own words that read badly in Korean, translated again in the project's catalogue
(locale/, which ``LOCALE_PATHS`` puts before every app's and Django's own catalogues).

A msgid used by two catalogues shows the translation of the first (``LOCALE_PATHS``, then the
apps in ``INSTALLED_APPS`` order, ``django.contrib.admin`` first): the portal's apps must not
disagree with each other or with Django on a word (``tests/test_translations.py`` checks), and
where Django's word is wrong for the portal it is corrected here.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDS = (
    gettext_noop("Action"),  # admin: 액션
    gettext_noop("object id"),  # admin: 오브젝트 아이디
    gettext_noop("This account is inactive."),  # auth: 이 계정은 유효하지 않습니다.
)
