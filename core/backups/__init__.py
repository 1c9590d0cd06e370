"""Backups that restore: the database and the files it points to, as one consistent set.

``manage.py backup DEST`` (``services.backup_create``) opens one read-only, repeatable-read
transaction on PostgreSQL and exports its snapshot: ``pg_dump --snapshot`` dumps exactly that
snapshot, and the row counts, the applied migrations and the list of stored files are read in
the same transaction, so every file a dumped row points to is in the set. The files are read
through each file field's own storage (``field.storage``: the default storage, or whatever
storage a field such as the board's scrubbed copies uses), so the same command backs up local
disk and S3-compatible storage. ``manifest.json``, written last, holds the sha256 of the dump and
of every file, the rows per table, the portal's version and migrations and the time: a set
without a manifest is incomplete.

``manage.py restore SRC`` (``services.restore``) checks the whole set against its manifest and
the target (an empty database and empty storages) before writing anything, restores the dump as
the connected (owner) role, writes the files back through the storages and re-reads each one's
checksum, compares the rows per table, reapplies the application role's grants
(``ledger.roles``) and verifies the ledger.

SQLite (development only) is refused: copy ``db.sqlite3`` and ``media/`` with the portal stopped.
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""
