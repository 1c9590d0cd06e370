"""Sessions in the database, as Django's own ``db`` engine, read with one fixed SQL statement.

Every signed-in request reads its session row; building that ``SELECT`` through the ORM costs
more CPU than the rest of the portal's middleware together, and the statement never changes.
Writing, creating, deleting and the async path are Django's own (``SESSION_ENGINE`` names this
module; the table, the cookie and the encoding are unchanged, so sessions carry over both ways).
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self):
        """The session's data, or ``{}`` (and no key) when it is missing or has expired."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
