"""The labs' state check for ``verify_ledger --state`` (registered in ``LabsConfig.ready``):
who is a member of each lab, as the ledger's ``lab.member_joined`` / ``lab.member_left`` entries
record it, against the memberships. Only membership counts (status "active" or not): steps the
ledger does not record (volunteering, invitations) are no disagreement."""

from collections.abc import Iterator

from ledger.enums import LedgerKind
from ledger.state import Disagreement, recorded

from .enums import MembershipStatus
from .models import Membership

CHECK = "labs.membership"


def membership_disagreements() -> Iterator[Disagreement]:
    latest: dict[int, tuple[int, int, int, bool]] = {}  # membership → (position, lab, user, active)
    for entry in recorded(LedgerKind.LAB_MEMBER_JOINED, LedgerKind.LAB_MEMBER_LEFT):
        data = entry.data
        if isinstance(data.get("membership_id"), int):
            active = data.get("status") == MembershipStatus.ACTIVE
            latest[data["membership_id"]] = (entry.position, data.get("lab_id"), data.get("user_id"), active)
    rows = {
        pk: (lab_id, user_id, status == MembershipStatus.ACTIVE)
        for pk, lab_id, user_id, status in Membership.objects.values_list("pk", "lab_id", "user_id", "status")
    }
    for pk in sorted(set(latest) | {pk for pk, row in rows.items() if row[2]}):
        label = f"labs.membership {pk}"
        row, entry = rows.get(pk), latest.get(pk)
        if entry is None:
            yield Disagreement(CHECK, label, f"user {row[1]} is an active member of lab {row[0]}; the ledger records no joining")
        elif row is None:
            yield Disagreement(CHECK, label, f"ledger entry {entry[0]} records it; the membership row is gone")
        elif row[:2] != entry[1:3] or row[2] != entry[3]:
            said = "a member" if entry[3] else "not a member"
            yield Disagreement(
                CHECK, label,
                f"ledger entry {entry[0]} records user {entry[2]} {said} of lab {entry[1]}; the row says user "
                f"{row[1]} {'is' if row[2] else 'is not'} a member of lab {row[0]}",
            )
