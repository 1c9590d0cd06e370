"""Directory sign-in (LDAP), switched on only when ``LDAP_SERVER_URI`` is set (see settings and
docs/hr-import.md). Needs the ``ldap`` extra (django-auth-ldap, python-ldap)."""

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from .enums import AccountSource
from .models import User


class DirectoryBackend(LDAPBackend):
    """Checks the password against the directory, then signs in the person the HR import
    created with the directory entry's employee number. It never creates or changes an
    account (the HR import is the source of truth), and refuses local accounts and people
    who are no longer active — also for sessions that already exist."""

    def get_or_build_user(self, username, ldap_user):
        attribute = getattr(settings, "LDAP_EMPLOYEE_NUMBER_ATTR", "employeeNumber")
        values = ldap_user.attrs.get(attribute) if ldap_user.attrs else None
        if not values:
            raise ldap_user.AuthenticationFailed(f"the directory entry has no {attribute}")
        user = User.objects.filter(username=values[0].strip(), source=AccountSource.HR).first()
        if user is None:
            raise ldap_user.AuthenticationFailed("no imported person has this employee number")
        return user, False

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return user if user is not None and user.is_active else None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
