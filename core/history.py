"""Who changed what, when: the one mechanism is django-simple-history. Services name the
actor (and, for a transition, the reason) on the instance right before they save it."""


def record_change_author(instance, by, reason: str = "") -> None:
    """Makes the next save of ``instance`` record ``by`` (None: the system) and ``reason``."""
    instance._history_user = by
    if reason:
        instance._change_reason = reason
