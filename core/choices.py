"""The words for a stored code: one lookup for every ``TextChoices`` the pages show."""


def choice_label(choices, value, default):
    """``value``'s label in ``choices`` (a ``TextChoices``), or ``default`` for a code the
    choices do not have (a page never shows a raw code by accident; the callers say what)."""
    try:
        return choices(value).label
    except ValueError:
        return default
