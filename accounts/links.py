"""The one-time link to set a password: the first sign-in of an HR-imported person and a
forgotten password. Built from ``PORTAL_BASE_URL``, never from a request's Host header.

The one helper for it: the emailed-link form (``accounts.forms.PasswordLinkForm``) calls it when
it sends, and the outbox calls it when it delivers a first-sign-in email
(``people.first_sign_in``), so the link is made at the moment of sending and never stored."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.links import portal_url


def password_set_url(user) -> str:
    """An absolute link to the set-password page for ``user`` (Django's password-reset token:
    it stops working once the password is set or after ``PASSWORD_RESET_TIMEOUT``)."""
    path = reverse(
        "accounts:password-set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return portal_url(path)
