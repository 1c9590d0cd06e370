"""Setting a screening up: its settings, its rubric (criteria and what each level means), its
board, and opening it to the board."""

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.enums import AccountSource
from accounts.models import User
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.enums import CallPhase
from proposals.models import Call
from proposals.services import call_set_phase, clean_text

from .. import permissions, selectors
from ..models import DEFAULT_RUBRIC, Criterion, OutsideEvaluator, Review, Screening
from ._common import ensure_not_decided, require_manager, screening_locked
from .assignments import rebalance

SETTINGS_FIELDS = ("deadline", "selection_count", "is_blind", "score_visibility", "scale_max")
LOCKED_ONCE_OPEN = ("is_blind", "scale_max")
LEVEL_MEANING_MAX_LENGTH = 200


# --- Setting up -----------------------------------------------------------------------------


@transaction.atomic
def screening_configure(*, call: Call, by: User, **settings) -> Screening:
    """Creates the call's screening (with the default rubric) or changes its settings.

    Blind review and the score scale are fixed once the screening opens: the board may already
    have seen names or scored on the scale.
    """
    require_manager(by)
    Call.objects.select_for_update().get(pk=call.pk)
    ensure_not_decided(call)
    screening = Screening.objects.filter(call=call).first()
    created = screening is None
    if created:
        screening = Screening(call=call, created_by=by)
    elif screening.opened_at:
        changed = [n for n in LOCKED_ONCE_OPEN if n in settings and settings[n] != getattr(screening, n)]
        if changed:
            raise ValidationError(
                _("Blind review and the score scale cannot be changed once the screening has opened.")
            )
    for name, value in settings.items():
        if name not in SETTINGS_FIELDS:
            raise TypeError(name)
        setattr(screening, name, value)
    screening.full_clean()
    record_change_author(screening, by)
    screening.save()
    if created:
        # The default rubric is stored in the portal's language, whatever the creator's is.
        with translation.override(django_settings.LANGUAGE_CODE):
            rubric = [(str(name), str(description), weight) for name, description, weight in DEFAULT_RUBRIC]
        for position, (name, description, weight) in enumerate(rubric):
            criterion = Criterion(
                screening=screening,
                name=name,
                description=description,
                weight=weight,
                position=position,
            )
            record_change_author(criterion, by)
            criterion.save()
    return screening


def _rubric_locked(screening: Screening, by: User) -> Screening:
    """The screening, locked, while its rubric may change: until the first review is filed."""
    require_manager(by)
    screening = screening_locked(screening.call)
    ensure_not_decided(screening.call)
    if screening.reviews.exists():
        raise ValidationError(_("Scoring has started; the criteria can no longer be changed."))
    return screening


@transaction.atomic
def rubric_update(*, screening: Screening, by: User, rows: list[dict]) -> list[Criterion]:
    """Replaces the rubric with ``rows`` (dicts of id or None, name, description, weight, delete),
    in the given order. Allowed until the first review is filed."""
    screening = _rubric_locked(screening, by)
    if screening.criteria_published_at:
        raise ValidationError(_("The criteria are published on the call's page and can no longer be changed."))
    existing = {c.pk: c for c in screening.criteria.all()}
    kept = []
    for row in rows:
        criterion = existing.get(row.get("id")) if row.get("id") else None
        if row.get("delete"):
            if criterion is not None:
                record_change_author(criterion, by, reason="deleted")
                criterion.delete()
            continue
        criterion = criterion or Criterion(screening=screening)
        criterion.name = clean_text(row["name"]).strip()
        criterion.description = clean_text(row.get("description", "")).strip()
        criterion.weight = row["weight"]
        criterion.position = len(kept)
        criterion.full_clean()
        kept.append(criterion)
    if not kept:
        raise ValidationError(_("The rubric needs at least one criterion."))
    for criterion in kept:
        record_change_author(criterion, by)
        criterion.save()
    return kept


@transaction.atomic
def criterion_levels_update(*, criterion: Criterion, by: User, meanings: list[str]) -> Criterion:
    """Writes what each level of ``criterion`` means: ``meanings[n - 1]`` for level n, one per
    level 1…``scale_max`` ("" for a level left without one). Part of the rubric, so allowed
    until the first review is filed: a meaning changed after that would change what the scores
    already given say. Meanings belong to level numbers; a scale changed later keeps them."""
    screening = _rubric_locked(criterion.screening, by)
    criterion = screening.criteria.get(pk=criterion.pk)
    if len(meanings) != screening.scale_max:
        raise ValidationError(_("Give one meaning per level, from 1 to %(max)s.") % {"max": screening.scale_max})
    meanings = [clean_text(m).strip() for m in meanings]
    if any(len(m) > LEVEL_MEANING_MAX_LENGTH for m in meanings):
        raise ValidationError(
            _("A level's meaning is at most %(max)s characters.") % {"max": LEVEL_MEANING_MAX_LENGTH}
        )
    criterion.levels = meanings
    record_change_author(criterion, by, reason="levels")
    criterion.save(update_fields=["levels"])
    return criterion


@transaction.atomic
def board_member_add(*, call: Call, user: User, by: User) -> None:
    """Puts ``user`` on the call's board (the ``proposals.screen_call`` grant on the call).

    Someone added after the opening is told at once; the others when the screening opens.
    """
    require_manager(by)
    ensure_not_decided(call)
    if not user.is_active:
        raise ValidationError(_("This account is inactive."))
    assign_perm(permissions.BOARD_PERMISSION, user, call)
    permissions.forget_seats(user)
    screening = Screening.objects.filter(call=call).first()
    if screening is not None and screening.opened_at:
        _notify_board_opened(screening, [user])
    if screening is not None:
        # Where reviews are assigned, the newcomer takes over unreviewed assignments.
        rebalance(screening_locked(call), by=by)


@transaction.atomic
def board_member_remove(*, call: Call, user: User, by: User) -> None:
    """Takes ``user`` off the board. Refused once they have filed a review: the scores they
    gave are part of the record."""
    require_manager(by)
    ensure_not_decided(call)
    if Review.objects.filter(proposal__call=call, reviewer=user).exists():
        raise ValidationError(
            _("%(name)s has already reviewed entries and cannot be removed from the board.")
            % {"name": user.full_name}
        )
    remove_perm(permissions.BOARD_PERMISSION, user, call)
    permissions.forget_seats(user)
    if Screening.objects.filter(call=call).exists():
        # Where reviews are assigned, the member's entries go to the others, balanced.
        rebalance(screening_locked(call), by=by)


@transaction.atomic
def outside_evaluator_create(*, by: User, full_name: str, email: str, affiliation: str) -> User:
    """Creates a local account, without a department, for an evaluator from outside the office.

    The account has no usable password until the person sets one through password reset.
    """
    require_manager(by)
    email = User.objects.normalize_email(email.strip())
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("A person with this email address already exists."))
    user = User(
        username=f"ext-{get_random_string(8, 'abcdefghijkmnpqrstuvwxyz23456789')}",
        full_name=clean_text(full_name).strip(),
        email=email,
        department=None,
        source=AccountSource.LOCAL,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    OutsideEvaluator.objects.create(user=user, affiliation=clean_text(affiliation).strip(), created_by=by)
    return user


# --- Opening ----------------------------------------------------------------------------


@transaction.atomic
def screening_open(*, call: Call, by: User) -> Screening:
    """Closed → screening: the board may now see and score the entries; each member is told.
    Appends ``screening.opened`` to the decision ledger in the same transaction."""
    require_manager(by)
    screening = Screening.objects.filter(call=call).first()
    if screening is None:
        raise ValidationError(_("Set up the screening before opening it."))
    screening = screening_locked(call)
    members = list(selectors.board_members(call))
    if not members:
        raise ValidationError(_("Add at least one board member before opening the screening."))
    if not screening.criteria.exists():
        raise ValidationError(_("The rubric needs at least one criterion."))
    if not permissions.entries(call).exists():
        raise ValidationError(_("This call has no submitted proposals to screen."))
    call_set_phase(call=call, to=CallPhase.SCREENING, by=by, reason="screening opened")
    screening.opened_at = timezone.now()
    record_change_author(screening, by, reason="opened")
    screening.save(update_fields=["opened_at"])
    _notify_board_opened(screening, members)
    ledger_append(
        kind=LedgerKind.SCREENING_OPENED,
        obj=screening,
        actor=by,
        data={
            "screening_id": screening.pk,
            "call_id": call.pk,
            "board_member_ids": sorted(member.pk for member in members),
            "criterion_ids": sorted(screening.criteria.values_list("pk", flat=True)),
            "deadline": screening.deadline,
            "is_blind": screening.is_blind,
            "selection_count": screening.selection_count,
            "scale_max": screening.scale_max,
            "entry_count": permissions.entries(call).count(),
        },
    )
    return screening


def _notify_board_opened(screening: Screening, members: list[User]) -> None:
    # Blind review covers email too: the message names only the call and the deadline.
    notify(
        kind="screening_board_opened",
        recipients=members,
        about=screening,
        context={"screening": screening, "call": screening.call},
        url=reverse("screening:workspace", kwargs={"call_pk": screening.call_id}),
    )


@transaction.atomic
def criteria_publish(*, screening: Screening, by: User) -> Screening:
    """Shows the criteria on the call's page, for proposers to read. Once shown they are fixed:
    proposers wrote to them (``rubric_update`` refuses from then on). Publishing twice is a
    no-op."""
    require_manager(by)
    screening = screening_locked(screening.call)
    ensure_not_decided(screening.call)
    if screening.criteria_published_at is None:
        screening.criteria_published_at = timezone.now()
        record_change_author(screening, by, reason="criteria published")
        screening.save(update_fields=["criteria_published_at"])
    return screening
