"""The checks every screening service starts from."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from proposals.enums import CallPhase
from proposals.models import Call

from ..models import Screening


def require_manager(by: User) -> None:
    if not is_innovation_unit(by):
        raise PermissionDenied


def screening_locked(call: Call) -> Screening:
    return Screening.objects.select_for_update().select_related("call").get(call=call)


def ensure_not_decided(call: Call) -> None:
    if Call.objects.get(pk=call.pk).phase == CallPhase.DECIDED:
        raise ValidationError(_("The screening has been decided; nothing can be changed any more."))
