"""Writes for people and departments, and people's API tokens."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.secret_tokens import new_secret

from .enums import Role
from .models import ApiToken, Department, User
from .permissions import LIAISON_PERMISSION, forget_roles
from .selectors import liaison_grants


def role_group(role: Role) -> Group:
    group, _created = Group.objects.get_or_create(name=role.value)
    return group


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> None:
    """Adds ``user`` to the global role's group."""
    user.groups.add(role_group(role))
    forget_roles(user)


@transaction.atomic
def department_liaison_assign(*, department: Department, user: User) -> None:
    """Makes ``user`` a liaison of ``department`` (object permission plus the liaison group)."""
    assign_perm(LIAISON_PERMISSION, user, department)
    user_grant_role(user=user, role=Role.DEPARTMENT_LIAISON)


@transaction.atomic
def department_liaison_remove(*, department: Department, user: User) -> None:
    """Ends ``user``'s liaison role for ``department``; the group goes with the last one."""
    remove_perm(LIAISON_PERMISSION, user, department)
    if not liaison_grants(user_ids=[user.pk]).exists():
        user.groups.remove(role_group(Role.DEPARTMENT_LIAISON))
    forget_roles(user)


# API tokens (issue 20): how long one lives unless its owner chooses, the longest they may
# choose, how many may be alive at once per person, and how often ``last_used_at`` is written.
API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365
API_TOKEN_MAX_ALIVE = 10
API_TOKEN_TOUCH_SECONDS = 60


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int = API_TOKEN_DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Makes an API token for ``user`` that expires in ``days`` days (1 to
    ``API_TOKEN_MAX_DAYS``) and returns it with its secret, to be shown once: only the digest
    is stored. Refused (``ValidationError``) past ``API_TOKEN_MAX_ALIVE`` live tokens. Locks the
    person's row, so two clicks cannot pass the limit together. No notification, no ledger."""
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, e.g. the system that will use it.")}
        )
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lives from 1 to %(max)d days.") % {"max": API_TOKEN_MAX_DAYS}}
        )
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    alive = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
    if alive >= API_TOKEN_MAX_ALIVE:
        raise ValidationError(
            _("You have %(n)d tokens in use; revoke one you no longer need first.") % {"n": alive}
        )
    secret, digest = new_secret("api_")
    token = ApiToken.objects.create(
        user=user, name=name[:60], digest=digest, expires_at=now + timedelta(days=days)
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revokes ``token`` at once (its next request is refused). Only its owner revokes it
    (``ValidationError`` otherwise); revoking again changes nothing."""
    if token.user_id != by.pk:
        raise ValidationError(_("Only the token's owner can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(token: ApiToken) -> None:
    """Records that ``token`` was just used: one UPDATE at most every
    ``API_TOKEN_TOUCH_SECONDS``, so a busy client does not write on every request."""
    now = timezone.now()
    if token.last_used_at and (now - token.last_used_at).total_seconds() < API_TOKEN_TOUCH_SECONDS:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


# A revoked or expired token stays listed on its owner's page (and in "my data") this long,
# then the daily ``accounts.tasks.prune_api_tokens`` deletes it (docs/privacy.md).
API_TOKEN_KEEP_DAYS = 90


def api_tokens_prune(*, now=None) -> int:
    """Deletes the tokens revoked or expired more than ``API_TOKEN_KEEP_DAYS`` ago; returns how
    many. No notification, no ledger."""
    before = (now or timezone.now()) - timedelta(days=API_TOKEN_KEEP_DAYS)
    deleted, _by_model = ApiToken.objects.filter(Q(revoked_at__lt=before) | Q(expires_at__lt=before)).delete()
    return deleted
