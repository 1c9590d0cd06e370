"""Names vulture (``tests/architecture/test_structure.py``, 80% confidence) reports as unused
but which are used by something it cannot see. Each line says by what."""

# Django passes signal receivers their arguments by keyword: the names are the signature.
sender  # noqa: B018, F821  (accounts/header.py, proposals/apps.py, proposals/panels.py, screening/apps.py)
# BaseCommand.handle(*args, **options) and middleware's process_view(request, view_func,
# view_args, view_kwargs) are called by Django with these parameters.
options  # noqa: B018, F821
view_func  # noqa: B018, F821
view_args  # noqa: B018, F821
view_kwargs  # noqa: B018, F821
