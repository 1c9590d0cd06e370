"""Who may import HR data: the innovation unit only (it sees and changes everyone's account)."""

from accounts.permissions import is_innovation_unit


def can_import(user) -> bool:
    return user is not None and is_innovation_unit(user)
