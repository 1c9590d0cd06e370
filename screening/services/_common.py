"""The checks every screening service starts from."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.history import record_change_author
from proposals.enums import CallPhase
from proposals.models import Call

from ..models import Review, Screening


def require_manager(by: User) -> None:
    if not is_innovation_unit(by):
        raise PermissionDenied


def screening_locked(call: Call) -> Screening:
    return Screening.objects.select_for_update().select_related("call").get(call=call)


def ensure_not_decided(call: Call) -> None:
    if Call.objects.get(pk=call.pk).phase == CallPhase.DECIDED:
        raise ValidationError(_("The screening has been decided; nothing can be changed any more."))


def scores_remove(review: Review, *, by: User, reason: str) -> None:
    """Deletes the review's scores, each kept in the history with who and why (an abstention,
    a confirmed conflict)."""
    for score in review.scores.all():
        record_change_author(score, by, reason=reason)
        score.delete()
