"""Who may see the decision ledger.

The entries (and the people behind the actor ids) are for the innovation unit; the head hash
and the latest checkpoint are public to every signed-in member of staff, so anyone can note
them and later check that the record was not rewritten.
"""

from accounts.permissions import is_innovation_unit


def can_view_ledger(user) -> bool:
    return is_innovation_unit(user)


def can_view_head(user) -> bool:
    return user.is_authenticated
