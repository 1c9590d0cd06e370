"""manage.py connects as the owner role for the one-shot migration step only, and only when
MIGRATE_DATABASE_URL is set (with nothing set everything runs as today)."""

import manage

APP_URL = "postgres://glab_app:secret@db:5432/glab"
OWNER_URL = "postgres://glab_owner:other@db:5432/glab"


def test_migrate_db_roles_and_restore_connect_as_the_owner_and_grant_to_the_app_role():
    for command in ("migrate", "db_roles", "restore"):
        environ = {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL}
        manage.use_owner_role(["manage.py", command, "--no-input"], environ)
        assert environ["DATABASE_URL"] == OWNER_URL
        assert environ["DB_APP_ROLE"] == "glab_app"


def test_an_explicit_app_role_is_kept():
    environ = {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL, "DB_APP_ROLE": "portal_rw"}
    manage.use_owner_role(["manage.py", "migrate"], environ)
    assert environ["DB_APP_ROLE"] == "portal_rw"


def test_other_commands_and_an_unset_owner_url_change_nothing():
    for argv, environ in (
        (["manage.py", "runserver"], {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL}),
        (["manage.py", "verify_ledger"], {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL}),
        (["manage.py", "backup"], {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL}),
        (["manage.py", "migrate"], {"DATABASE_URL": APP_URL}),
        (["manage.py"], {"DATABASE_URL": APP_URL, "MIGRATE_DATABASE_URL": OWNER_URL}),
    ):
        before = dict(environ)
        manage.use_owner_role(argv, environ)
        assert environ == before, argv
