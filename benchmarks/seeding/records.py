"""Notifications (about ten per person, most read and delivered), the decision ledger (one
hash-chained entry per decision the seed made, in time order, as ledger_append writes them) and
the HR import history."""

from datetime import timedelta

from ledger import canonical
from ledger.models import LedgerEntry
from notifications.enums import EmailStatus
from notifications.models import Notification
from people.enums import ImportKind, ImportOrigin, ImportStatus
from people.models import ImportRecord

from .plan import State
from .words import Text

KINDS = ("proposal_submitted", "routing_assigned", "routing_answered", "screening_board_opened",
         "labs_decision_proposed", "coproposer_invited", "call_deadline_extended")
PER_PERSON = 10


def seed_notifications(state: State, table, text: Text) -> None:
    notifications, rng = table(Notification), state.rng
    proposals = [p for call in state.calls for p in state.proposals[call["id"]] if p["submitted_at"]]
    for n in range(PER_PERSON * len(state.staff)):
        recipient = rng.choice(state.staff)
        about = rng.choice(proposals)
        at = state.days_ago(rng.uniform(0, 400))
        status = rng.choices([EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.SKIPPED], [95, 3, 2])[0]
        notifications.add(recipient_id=recipient, kind=KINDS[n % len(KINDS)], key=f"bench:{n}",
                          subject=text.title()[:200], body_text=text.paragraph((10, 25)),
                          url=f"/proposals/{about['id']}/", about_type="proposals.proposal", about_id=about["id"],
                          occasion=f"seed-{n}", created_at=at, read_at=at + timedelta(hours=3) if rng.random() < 0.7 else None,
                          email_status=status, attempts=1, sent_at=at if status == EmailStatus.SENT else None,
                          last_error="550 mailbox unavailable" if status == EmailStatus.FAILED else "")


def seed_ledger(state: State, table) -> None:
    entries = table(LedgerEntry)
    prev = canonical.GENESIS_HASH
    for position, event in enumerate(sorted(state.events, key=lambda e: e["at"]), start=1):
        payload = canonical.canonical_payload(event["data"])
        values = {"position": position, "kind": event["kind"], "object_type": event["type"], "object_id": event["id"],
                  "actor_id": event["actor"], "recorded_at": event["at"], "payload": payload, "prev_hash": prev}
        digest = canonical.entry_hash(**values)
        entries.add(entry_hash=digest, **values)
        prev = digest


def seed_imports(state: State, table) -> None:
    records = table(ImportRecord)
    for n in range(state.plan.imports):
        at = state.days_ago(30 * (state.plan.imports - n))
        applied = n < state.plan.imports - 1
        records.add(kind=ImportKind.FULL if n % 4 == 0 else ImportKind.PARTIAL, origin=ImportOrigin.WEB,
                    status=ImportStatus.APPLIED if applied else ImportStatus.PREVIEWED, created_by_id=state.unit[0],
                    created_at=at, org_file_name=f"조직도_{n}.xlsx", staff_file_name=f"인사_{n}.xlsx",
                    org_sha256=f"{n:064x}", staff_sha256=f"{n + 1:064x}", total_rows=len(state.staff),
                    people_changed=state.rng.randint(0, 40), people_created=state.rng.randint(0, 10),
                    preview={}, checked_at=at, plan_digest=f"{n:064x}",
                    applied_by_id=state.unit[0] if applied else None, applied_at=at if applied else None)
