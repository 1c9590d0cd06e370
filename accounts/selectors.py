"""Questions about people asked across the portal, each answered in one place.

- Who is in the innovation unit: ``innovation_unit_members``; whether a person is:
  ``accounts.permissions.is_innovation_unit``.
- Who answers for a department: ``liaison_grants`` (the guardian grants, the one place the
  liaison codename is queried) and ``department_liaisons`` (active liaisons per department).
- Whom the people picker offers: ``find_people`` (by the start of a name or an employee
  number) and ``people_by_numbers`` (the people a form's value already names).
- Whose API token a bearer secret is: ``api_token_owner``; a person's tokens: ``api_tokens_of``.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.personal_data import iso
from core.secret_tokens import digest_of

from .enums import Role
from .models import ApiToken, DepartmentUserObjectPermission, User
from .permissions import LIAISON_CODENAME


def innovation_unit_members() -> list[User]:
    """The active members of the innovation unit (superusers are not members by default)."""
    return list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True).distinct())


def liaison_grants(
    *, department_ids: Iterable[int] | None = None, user_ids: Iterable[int] | None = None
) -> QuerySet[DepartmentUserObjectPermission]:
    """The liaison grants (guardian's per-user object permission on a department), optionally
    only of these departments and/or these people."""
    grants = DepartmentUserObjectPermission.objects.filter(permission__codename=LIAISON_CODENAME)
    if department_ids is not None:
        grants = grants.filter(content_object_id__in=set(department_ids))
    if user_ids is not None:
        grants = grants.filter(user_id__in=set(user_ids))
    return grants


def department_liaisons(department_ids: Iterable[int]) -> dict[int, list[User]]:
    """``{department id: [active liaisons]}`` for these departments, in one query."""
    liaisons: dict[int, list[User]] = defaultdict(list)
    grants = liaison_grants(department_ids=department_ids).filter(user__is_active=True).select_related("user")
    for grant in grants.order_by("user__full_name", "user_id"):
        liaisons[grant.content_object_id].append(grant.user)
    return liaisons


PEOPLE_LOOKUP_LIMIT = 10
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _pickable() -> QuerySet[User]:
    """The people a picker may offer: active, with a department (staff of the office, not
    outside evaluators), with only what the picker shows (name, employee number, department,
    grade: never the email address)."""
    return (
        User.objects.filter(is_active=True, department__isnull=False)
        .select_related("department")
        .only("username", "full_name", "grade", "department__name")
    )


def find_people(text: str, *, limit: int = PEOPLE_LOOKUP_LIMIT) -> list[User]:
    """At most ``limit`` active staff whose name or employee number starts with ``text``, by
    name, in one query. A prefix, so on PostgreSQL the partial pattern indexes of accounts
    migration 0003 answer it (``LIKE 'text%'``); case is kept for names and tried as typed and
    in capitals for employee numbers."""
    term = _CONTROL.sub("", unicodedata.normalize("NFC", text or "")).strip()[:60]
    if not term:
        return []
    match = Q(full_name__startswith=term) | Q(username__startswith=term)
    if term.upper() != term:
        match |= Q(username__startswith=term.upper())
    return list(_pickable().filter(match).order_by("full_name", "username")[:limit])


def people_by_numbers(numbers: Iterable[str]) -> dict[str, User]:
    """``{employee number: person}`` for the active staff among ``numbers``, in one query (none
    for no numbers). A value holding a control character (a NUL, which PostgreSQL refuses in a
    string) is no one's number and is left out."""
    numbers = {n for n in numbers if n and not _CONTROL.search(n)}
    if not numbers:
        return {}
    return {person.username: person for person in _pickable().filter(username__in=numbers)}


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """The person's API tokens, newest first (revoked and expired ones too: the page shows
    them until they are removed by the retention rule)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_owner(secret: str) -> ApiToken | None:
    """The live token whose secret is ``secret``, with its ``user``; ``None`` when it is
    unknown, revoked or expired, or its owner is deactivated. Looked up by digest only (the
    secret is never stored or compared). One query."""
    if not secret.startswith("api_") or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            digest=digest_of(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def api_tokens_personal_data(user) -> list[dict]:
    """The person's API tokens for "my data" (``core.personal_data``): name and dates, never
    the digest. One query."""
    return [
        {
            "name": token.name,
            "created": iso(token.created_at),
            "expires": iso(token.expires_at),
            "last_used": iso(token.last_used_at),
            "revoked": iso(token.revoked_at),
        }
        for token in api_tokens_of(user).only(
            "name", "created_at", "expires_at", "last_used_at", "revoked_at"
        )
    ]
