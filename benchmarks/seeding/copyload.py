"""Bulk loading with PostgreSQL COPY: rows are written as text into a buffer and streamed to
the server in large chunks, with primary keys assigned here (so later rows can point at them
without reading anything back). Columns the caller leaves out take the model field's default,
so a field added by a later migration (with a default) needs no change here."""

import io
import json
import uuid
from datetime import date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

FLUSH_BYTES = 16 * 1024 * 1024


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        text = value.isoformat()
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int | float | Decimal | uuid.UUID):
        return str(value)
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Table:
    """Rows of one model, sent with COPY. ``add(**values)`` takes attribute names (``call_id``,
    not ``call``) and returns the row's primary key."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = {f.attname for f in self.fields}
        self.pk = model._meta.pk.attname
        self.now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{model._meta.db_table}"')
            self.next_id = cursor.fetchone()[0] + 1
        self.buffer = io.StringIO()
        self.count = 0

    def add(self, **values) -> int:
        unknown = set(values) - self.attnames
        if unknown:
            raise KeyError(f"{self.model.__name__}: no column {sorted(unknown)}")
        if self.pk not in values:
            values[self.pk] = self.next_id
            self.next_id += 1
        self.buffer.write("\t".join(_text(self._value(f, values)) for f in self.fields))
        self.buffer.write("\n")
        self.count += 1
        if self.buffer.tell() > FLUSH_BYTES:
            self.flush()
        return values[self.pk]

    def _value(self, field, values):
        if field.attname in values:
            return values[field.attname]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()

    def flush(self) -> None:
        if not self.buffer.tell():
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', self.buffer)
        self.buffer = io.StringIO()


class Loader:
    """One Table per model; ``finish()`` sends what is left and moves each id sequence past the
    largest id. Foreign keys are checked at commit (Django declares them DEFERRABLE INITIALLY
    DEFERRED), so tables may be sent in any order inside the seed's transaction."""

    def __init__(self):
        self.tables: dict = {}

    def __call__(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
        return self.tables[model]

    def finish(self) -> dict[str, int]:
        for table in self.tables.values():
            table.flush()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(statement)
        return {model._meta.label: table.count for model, table in self.tables.items()}
