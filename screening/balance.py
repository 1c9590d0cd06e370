"""Balanced review assignments, as a pure function (no database): ``services.assignments``
reads the rows, calls ``balance`` and writes the difference.

The rules, tested in ``tests/screening/test_balance.py``:
- each entry gets ``per_entry`` distinct members (fewer only when fewer members may review it);
- a pair in ``excluded`` (a conflict of interest) is never assigned, and dropped if it was;
- assignments of members no longer on the board are dropped;
- existing assignments stay where they are, except that an assignment not yet reviewed
  (not in ``fixed``) moves from the busiest member to the least busy while their loads differ
  by more than one: so a member leaving, or joining, re-balances the board;
- with no exclusions, the members' loads differ by at most one.

Ties are broken by the member's id, so the same input always gives the same assignment.
"""

from collections.abc import Iterable

Pair = tuple[int, int]  # (entry id, member id)


def balance(
    *,
    entries: Iterable[int],
    members: Iterable[int],
    per_entry: int,
    existing: Iterable[Pair] = (),
    excluded: Iterable[Pair] = (),
    fixed: Iterable[Pair] = (),
) -> set[Pair]:
    """The assignment as a set of (entry, member) pairs. ``fixed``: pairs that must not move
    (the member has reviewed the entry); they stay assigned unless excluded or off the board."""
    entries = sorted(set(entries))
    members = sorted(set(members))
    excluded, fixed = set(excluded), set(fixed)
    on_board, entry_set = set(members), set(entries)
    pairs = {
        (e, m) for e, m in existing if e in entry_set and m in on_board and (e, m) not in excluded
    }
    load = dict.fromkeys(members, 0)
    per = {e: set() for e in entries}
    for e, m in pairs:
        load[m] += 1
        per[e].add(m)
    _fill(entries, members, per_entry, per, load, excluded)
    while _move_one(entries, members, per, load, excluded, fixed):
        pass
    return {(e, m) for e in entries for m in per[e]}


def _fill(entries, members, per_entry, per, load, excluded) -> None:
    """Gives each entry its missing members: the least loaded eligible ones first."""
    for e in entries:
        while len(per[e]) < per_entry:
            eligible = [m for m in members if m not in per[e] and (e, m) not in excluded]
            if not eligible:
                break
            m = min(eligible, key=lambda m: (load[m], m))
            per[e].add(m)
            load[m] += 1


def _move_one(entries, members, per, load, excluded, fixed) -> bool:
    """Moves one movable assignment from a member to one with at least two fewer; False when
    none can move."""
    for heavy in sorted(members, key=lambda m: (-load[m], m)):
        for light in sorted(members, key=lambda m: (load[m], m)):
            if load[heavy] - load[light] <= 1:
                break
            for e in entries:
                if (
                    heavy in per[e]
                    and light not in per[e]
                    and (e, heavy) not in fixed
                    and (e, light) not in excluded
                ):
                    per[e].discard(heavy)
                    per[e].add(light)
                    load[heavy] -= 1
                    load[light] += 1
                    return True
    return False
