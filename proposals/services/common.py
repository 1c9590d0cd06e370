"""What the proposals services share: text cleaning, the ledger's view of a reference, and the
call's lock and open check."""

import unicodedata
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.canonical import VALUE_PATTERN

from ..enums import CallPhase
from ..models import Call

PROPOSAL_TEXT_FIELDS = ("title", "problem", "idea", "effect", "keywords")


def clean_text(value: str) -> str:
    """NFC-normalises text and refuses control characters that have no place in a document."""
    value = unicodedata.normalize("NFC", value or "")
    if "\x00" in value:
        raise ValidationError(_("The text contains a NUL character, which cannot be stored."))
    return value



def ledger_reference(reference: str) -> str | None:
    """A proposal reference for a ledger payload: the reference when it is a plain code
    (e.g. "2019-G-001"), ``None`` when the call's prefix holds spaces or Hangul — the ledger
    records codes only, and the proposal id identifies it anyway."""
    return reference if reference and VALUE_PATTERN.fullmatch(reference) else None


def call_locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def ensure_call_open(call: Call, now: datetime | None = None) -> None:
    phase = call.phase_at(now or timezone.now())
    if phase == CallPhase.UPCOMING:
        raise ValidationError(_("This call has not opened yet. Proposals can be submitted from %(opens)s.")
                              % {"opens": timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M")})
    if phase != CallPhase.OPEN:
        raise ValidationError(_("This call is closed. Proposals can no longer be written, changed or withdrawn."))
