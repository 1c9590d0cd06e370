"""The balanced assignment (``screening.balance``): a pure function, tested without a database."""

import random
from collections import Counter

import pytest

from screening.balance import balance


def loads(pairs, members):
    counted = Counter(m for _e, m in pairs)
    return [counted[m] for m in members]


def per_entry(pairs):
    counted = Counter(e for e, _m in pairs)
    return counted


@pytest.mark.parametrize(
    ("n_entries", "n_members", "n"), [(10, 4, 2), (7, 5, 3), (1, 3, 3), (30, 7, 3), (5, 6, 1)]
)
def test_every_entry_gets_n_distinct_members_and_loads_differ_by_at_most_one(
    n_entries, n_members, n
):
    entries, members = range(1, n_entries + 1), range(100, 100 + n_members)
    pairs = balance(entries=entries, members=members, per_entry=n)
    assert all(per_entry(pairs)[e] == n for e in entries)
    assert len(pairs) == n_entries * n  # a set of pairs: the members of an entry are distinct
    member_loads = loads(pairs, members)
    assert max(member_loads) - min(member_loads) <= 1


def test_fewer_members_than_n_assigns_every_member():
    pairs = balance(entries=[1, 2], members=[7, 8], per_entry=3)
    assert pairs == {(1, 7), (1, 8), (2, 7), (2, 8)}


def test_conflicts_are_never_assigned_and_existing_ones_are_dropped():
    excluded = {(1, 10), (2, 11), (3, 10)}
    pairs = balance(
        entries=[1, 2, 3, 4],
        members=[10, 11, 12],
        per_entry=2,
        existing=[(1, 10)],
        excluded=excluded,
    )
    assert not pairs & excluded
    assert all(per_entry(pairs)[e] == 2 for e in [1, 2, 3, 4])


def test_an_entry_with_too_few_eligible_members_gets_those_there_are():
    pairs = balance(entries=[1], members=[10, 11, 12], per_entry=3, excluded={(1, 10)})
    assert pairs == {(1, 11), (1, 12)}


def test_the_same_input_gives_the_same_assignment():
    args = {"entries": range(20), "members": [5, 3, 9, 1], "per_entry": 2}
    assert balance(**args) == balance(**args)


def test_a_member_leaving_is_rebalanced_and_the_others_keep_their_reviewed_entries():
    entries, members = list(range(1, 13)), [1, 2, 3, 4]
    before = balance(entries=entries, members=members, per_entry=2)
    # Every remaining member has reviewed their first assigned entry: those stay.
    fixed = {min(p for p in before if p[1] == m) for m in (1, 2, 3)}
    after = balance(entries=entries, members=[1, 2, 3], per_entry=2, existing=before, fixed=fixed)
    assert not any(m == 4 for _e, m in after)
    assert all(per_entry(after)[e] == 2 for e in entries)
    assert fixed <= after
    member_loads = loads(after, [1, 2, 3])
    assert max(member_loads) - min(member_loads) <= 1
    # The member who left had 6 assignments; the others keep nearly all of theirs.
    left = {p for p in before if p[1] == 4}
    assert len(left) == 6
    assert len((before - after) - left) <= 2


def test_a_member_joining_takes_over_unreviewed_assignments():
    entries = list(range(1, 10))
    before = balance(entries=entries, members=[1, 2, 3], per_entry=2)
    after = balance(
        entries=entries,
        members=[1, 2, 3, 4],
        per_entry=2,
        existing=before,
        fixed=before - {(e, 1) for e in entries},
    )
    # Member 1's unreviewed entries are the only movable ones: half go to the newcomer.
    assert loads(before, [1, 2, 3]) == [6, 6, 6]
    assert loads(after, [1, 2, 3, 4]) == [3, 6, 6, 3]
    assert (before - after) <= {(e, 1) for e in entries}


def test_random_inputs_keep_the_rules():
    rng = random.Random(19)
    for _round in range(60):
        entries = list(range(rng.randint(1, 25)))
        members = rng.sample(range(1, 40), rng.randint(1, 8))
        n = rng.randint(1, 4)
        excluded = {(e, m) for e in entries for m in members if rng.random() < 0.1}
        pairs = balance(entries=entries, members=members, per_entry=n, excluded=excluded)
        assert not pairs & excluded
        for e in entries:
            eligible = sum(1 for m in members if (e, m) not in excluded)
            assert per_entry(pairs)[e] == min(n, eligible)
        if not excluded:
            member_loads = loads(pairs, members)
            assert max(member_loads) - min(member_loads) <= 1
