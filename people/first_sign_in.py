"""The first sign-in of HR-imported people: who has signed in, and the innovation unit's one
action that emails everyone still without a password their first-sign-in link.

The links go through the outbox (``notifications``), one row per person (the row's key is the
person's account, so nobody is emailed twice, whoever presses the button and however often),
delivered by the workers in batches. The row holds the email **without** the link: the link is
made by ``accounts.links.password_set_url`` when the worker sends it (``notifications.composing``),
so neither the outbox page, the admin nor a database backup ever holds a live link, and the
link's validity (``PASSWORD_RESET_TIMEOUT``) counts from the moment it is sent. A person who has
set a password (or left) before the email goes out is not emailed: the row is dropped.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from accounts.enums import AccountSource
from accounts.links import password_set_url
from accounts.models import User
from accounts.permissions import is_innovation_unit
from notifications import composing
from notifications.enums import NotificationKind
from notifications.models import Notification
from notifications.services import notify

KIND = NotificationKind.FIRST_SIGN_IN_LINK.value
# Rows written per transaction by the bulk send (the outbox delivers in its own batches).
WRITE_CHUNK = 500

NO_PASSWORD = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
SIGNED_IN = Q(last_login__isnull=False)
STATES = {"never": ~SIGNED_IN, "signed_in": SIGNED_IN, "no_password": NO_PASSWORD}


def _link_rows():
    return Notification.objects.filter(kind=KIND, recipient=OuterRef("pk"))


def imported_people() -> QuerySet[User]:
    """The active people the HR import brought in."""
    return User.objects.filter(source=AccountSource.HR, is_active=True)


def awaiting_link() -> QuerySet[User]:
    """Whom the bulk send emails now: imported people with an email address and no usable
    password, who were never sent the first-sign-in link."""
    return imported_people().filter(NO_PASSWORD).exclude(email="").exclude(Exists(_link_rows()))


def sign_in_summary() -> dict[str, int]:
    """The counts of the sign-in page, in one query."""
    return imported_people().aggregate(
        total=Count("pk"),
        signed_in=Count("pk", filter=SIGNED_IN),
        never=Count("pk", filter=~SIGNED_IN),
        no_password=Count("pk", filter=NO_PASSWORD),
        no_email=Count("pk", filter=NO_PASSWORD & Q(email="")),
        awaiting_link=Count("pk", filter=NO_PASSWORD & ~Q(email="") & ~Exists(_link_rows())),
    )


def sign_in_list(*, state: str = "") -> QuerySet[User]:
    """Imported people with their last sign-in, whether they have a password, and the state
    of their first-sign-in email (``link_status``, ``link_sent_at``); ``state`` is one of
    ``STATES`` or empty for everyone. One query per page whatever the number of rows."""
    latest_link = _link_rows().order_by("-id")
    people = imported_people().filter(STATES.get(state, Q()))
    return (
        people.select_related("department")
        .only("id", "username", "full_name", "email", "last_login", "department__name")
        .annotate(
            has_password=ExpressionWrapper(~NO_PASSWORD, output_field=BooleanField()),
            link_status=Subquery(latest_link.values("email_status")[:1]),
            link_sent_at=Subquery(latest_link.values("sent_at")[:1]),
        )
        .order_by("full_name", "username")
    )


def first_sign_in_links_send(*, by: User) -> int:
    """The innovation unit emails every imported person still without a password (and never
    sent it) their first-sign-in link: one outbox row each, written in chunks, delivered on
    commit in the outbox's batches. Returns how many people will be emailed."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    ids = list(awaiting_link().order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), WRITE_CHUNK):
        with transaction.atomic():
            chunk = User.objects.filter(pk__in=ids[start : start + WRITE_CHUNK])
            written += len(notify(kind=KIND, recipients=chunk, about=None, context={}))
    return written


# --- At delivery (notifications.composing) ---------------------------------------------------


def _link_context(notification: Notification) -> dict:
    return {"set_password_url": password_set_url(notification.recipient)}


def _still_without_password(notifications, now) -> list[int]:
    return [
        n.pk
        for n in notifications
        if n.recipient.is_active and not n.recipient.has_usable_password()
    ]


def register_delivery() -> None:
    composing.register(KIND, context=_link_context, still_relevant=_still_without_password)
