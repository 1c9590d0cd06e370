"""The benchmark's seed: a realistic portal at a given number of proposals, written with COPY
(benchmarks/seeding/copyload.py) in one transaction, then ANALYZE. Idempotent: a database that
holds the seed's first call is left as it is.

    python benchmarks/seed.py 100000     (DATABASE_URL names the database; run.py does this)

At 10,000 proposals (today's size; everything scales ×10 at 100,000, see seeding/plan.py):
2,000 staff in 50 departments (5 bureaus), 2 people in the innovation unit, a liaison per
department; 20 calls of 500 proposals: 10 decided, 8 in screening with boards of five (~19,000
reviews, ~56,000 scores), 1 closed, 1 open (500 drafts); ~4,900 routings of the decided calls'
not-selected proposals with their events; 10 labs (4 closed with final reports) of 3 members,
200 log entries each; 20,000 notifications; a ledger entry per decision; 12 HR imports; the
idea bank's consents, supports, follows and comments and ten correction requests
(seeding/colleagues.py). Titles,
bodies and keywords are drawn from benchmarks/data/words_ko.tsv (seeding/words.py).
"""

import os
import random
import sys
import time
from pathlib import Path

SEED = 2026


def seeded() -> bool:
    from proposals.models import Call

    return Call.objects.filter(code="B000").exists()


def seed(proposals: int) -> dict:
    from django.db import connection, transaction

    from benchmarks.seeding import calls, colleagues, labs, people, records, routing, screening
    from benchmarks.seeding.copyload import Loader
    from benchmarks.seeding.plan import Plan, State
    from benchmarks.seeding.words import Text

    state, text, table = State(plan=Plan(proposals), rng=random.Random(SEED)), Text(SEED), Loader()
    with transaction.atomic():
        people.seed_people(state, table)
        calls.seed_calls(state, table, text)
        calls.seed_proposals(state, table, text)
        screening.seed_screenings(state, table, text)
        routing.seed_routing(state, table, text)
        colleagues.seed_idea_bank(state, table, text)
        colleagues.seed_corrections(state, table, text)
        labs.seed_labs(state, table, text)
        records.seed_notifications(state, table, text)
        records.seed_ledger(state, table)
        records.seed_imports(state, table)
        counts = table.finish()
        _after_seed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def _after_seed() -> None:
    """The summary rows the application keeps, rebuilt from the seeded rows: the seed's COPY
    bypasses the services (and loads tables in no fixed order for the triggers)."""
    from django.core.management import call_command

    for command in ("rebuild_summaries", "rebuild_outbox_counts", "rebuild_routing_tallies"):
        call_command(command)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    proposals = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    if seeded():
        print("already seeded")
        return
    started = time.monotonic()
    counts = seed(proposals)
    print(f"seeded {proposals} proposals in {time.monotonic() - started:.0f} s: {counts}")


if __name__ == "__main__":
    main()
